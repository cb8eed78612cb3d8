package dev.library.core.web;

import org.springframework.http.HttpStatus;

/**
 * A query or path parameter has a value the route does not accept.
 *
 * @author Library
 */
public class InvalidParameterException extends ProblemException {

	public InvalidParameterException(String parameter, String detail) {
		super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter", detail);
		getBody().setProperty("parameter", parameter);
	}

}
