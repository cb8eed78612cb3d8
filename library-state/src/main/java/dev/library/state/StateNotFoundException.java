package dev.library.state;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No value is held under a key. Rendered as a 404 problem of type
 * {@code https://library.dev/problems/state-not-found}.
 *
 * @author Library
 */
public class StateNotFoundException extends ProblemException {

	/**
	 * Problem type of a missing key.
	 */
	public static final URI TYPE = ProblemTypes.of("state-not-found");

	public StateNotFoundException(String key) {
		super(HttpStatus.NOT_FOUND, TYPE, "State not found", "No value is held under key '" + key + "'");
		getBody().setProperty("key", key);
	}

}
