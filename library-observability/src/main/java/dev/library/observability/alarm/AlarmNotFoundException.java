package dev.library.observability.alarm;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No alarm has the given id. Rendered as a 404 problem of type
 * {@code https://library.dev/problems/alarm-not-found}.
 *
 * @author Library
 */
public class AlarmNotFoundException extends ProblemException {

	/**
	 * Problem type of an unknown alarm.
	 */
	public static final URI TYPE = ProblemTypes.of("alarm-not-found");

	public AlarmNotFoundException(String id) {
		super(HttpStatus.NOT_FOUND, TYPE, "Alarm not found", "No alarm has the id '" + id + "'");
		getBody().setProperty("id", id);
	}

}
