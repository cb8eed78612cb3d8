package dev.library.security;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * The principal is authenticated but lacks the role the route needs. Answered with 403.
 *
 * @author Library
 */
public class RoleRequiredException extends ProblemException {

	public RoleRequiredException(String detail) {
		super(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
	}

}
