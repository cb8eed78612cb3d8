package dev.library.session;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No open session has the given id. Rendered as a 404 problem of type
 * {@code https://library.dev/problems/session-not-found}.
 *
 * @author Library
 */
public class SessionNotFoundException extends ProblemException {

	/**
	 * Problem type of an unknown session.
	 */
	public static final URI TYPE = ProblemTypes.of("session-not-found");

	public SessionNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, TYPE, "Session not found", "No open session has the id '" + id + "'");
		getBody().setProperty("id", id);
	}

}
