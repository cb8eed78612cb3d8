package dev.library.state;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A value is larger than {@code library.state.max-value-size}. Rendered as a 413 problem
 * of type {@code https://library.dev/problems/payload-too-large}.
 *
 * @author Library
 */
public class StateValueTooLargeException extends ProblemException {

	public StateValueTooLargeException(String key, long limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Value too large",
				"Value of key '" + key + "' is larger than the limit of " + limit
						+ " bytes (compact JSON, UTF-8; library.state.max-value-size)");
		getBody().setProperty("key", key);
		getBody().setProperty("limit", limit);
	}

}
