package dev.library.security;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No API token has the given name. Answered with 404.
 *
 * @author Library
 */
public class ApiTokenNotFoundException extends ProblemException {

	public ApiTokenNotFoundException(String name) {
		super(HttpStatus.NOT_FOUND, ProblemTypes.of("api-token-not-found"), "API token not found",
				"No API token is named '" + name + "'");
	}

}
