package dev.library.security;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A token was to be created under a name that another token already has. Answered with
 * 409.
 *
 * @author Library
 */
public class ApiTokenExistsException extends ProblemException {

	public ApiTokenExistsException(String name) {
		super(HttpStatus.CONFLICT, ProblemTypes.of("api-token-exists"), "API token exists",
				"An API token named '" + name + "' exists; revoke it first or choose another name");
	}

}
