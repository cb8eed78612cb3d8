package dev.library.mtls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import dev.library.security.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A principal that presented a client certificate the TLS handshake verified: named after
 * the certificate (as {@code cert:<name>}), holding the roles mapped to that name.
 *
 * @author Library
 */
public class ClientCertificateAuthentication extends AbstractAuthenticationToken {

	private final @Nullable String certificateName;

	private final X509Certificate certificate;

	private final Set<Role> roles;

	private ClientCertificateAuthentication(@Nullable String certificateName, X509Certificate certificate,
			Set<Role> roles, boolean authenticated) {
		super(authenticated ? Role.authorities(roles) : List.of());
		this.certificateName = certificateName;
		this.certificate = certificate;
		this.roles = Set.copyOf(roles);
		setAuthenticated(authenticated);
	}

	/**
	 * Return a request to authenticate the presented certificate.
	 * @param certificate the client's certificate, first of its chain
	 * @return the unauthenticated request
	 */
	public static ClientCertificateAuthentication unauthenticated(X509Certificate certificate) {
		return new ClientCertificateAuthentication(null, certificate, Set.of(), false);
	}

	/**
	 * Return an authenticated principal.
	 * @param name the name read from the certificate
	 * @param certificate the certificate
	 * @param roles the roles mapped to the name
	 * @return the principal
	 */
	public static ClientCertificateAuthentication authenticated(String name, X509Certificate certificate,
			Set<Role> roles) {
		return new ClientCertificateAuthentication(name, certificate, roles, true);
	}

	/**
	 * Return the client's certificate.
	 * @return the certificate
	 */
	public X509Certificate getCertificate() {
		return this.certificate;
	}

	/**
	 * Return the roles mapped to the principal, before included roles are expanded.
	 * @return the roles
	 */
	public Set<Role> getRoles() {
		return this.roles;
	}

	@Override
	public String getName() {
		return "cert:" + ((this.certificateName != null) ? this.certificateName : "unnamed");
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return getName();
	}

}
