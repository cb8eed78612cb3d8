package dev.library.security;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The request carries no credentials, or credentials that were refused. Answered with 401
 * and a {@code WWW-Authenticate: Bearer} challenge.
 *
 * @author Library
 */
public class AuthenticationRequiredException extends ProblemException {

	static final String REALM = "library";

	public AuthenticationRequiredException(String detail, String challenge) {
		super(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
		getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
	}

}
