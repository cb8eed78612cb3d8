package dev.library.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

/**
 * A way of signing in besides bearer credentials, contributed as a bean by another
 * component (library-mtls contributes client certificates). The security filter chain
 * tries each one before the bearer credentials; a converter that finds nothing to
 * authenticate returns empty so that the next method is tried. The authentication it
 * produces grants {@link Role#authorities(java.util.Set) role authorities} like every
 * other.
 *
 * @param description how a principal signed in, for the audit log, such as
 * {@code "a client certificate"}
 * @param converter reads the credentials from the exchange
 * @param authenticationManager checks them and names the principal and its roles
 * @author Library
 */
public record AuthenticationMethod(String description, ServerAuthenticationConverter converter,
		ReactiveAuthenticationManager authenticationManager) {

}
