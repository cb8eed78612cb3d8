package dev.library.adapters;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A value that does not fit a point's data type or limits (400).
 *
 * @author Library
 */
public class InvalidPointValueException extends ProblemException {

	public InvalidPointValueException(String pointId, String detail) {
		super(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-point-value"), "Invalid point value", detail);
		getBody().setProperty("point", pointId);
	}

}
