package dev.library.observability.alarm;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * An operator action does not apply to the alarm's current state, such as acknowledging a
 * normal alarm. Rendered as a 409 problem of type
 * {@code https://library.dev/problems/alarm-state-conflict}.
 *
 * @author Library
 */
public class AlarmStateConflictException extends ProblemException {

	/**
	 * Problem type of an action that the alarm's state does not allow.
	 */
	public static final URI TYPE = ProblemTypes.of("alarm-state-conflict");

	public AlarmStateConflictException(String id, AlarmState state, String action) {
		super(HttpStatus.CONFLICT, TYPE, "Alarm state conflict",
				"Alarm '" + id + "' is " + state + ": cannot " + action + " it");
		getBody().setProperty("id", id);
		getBody().setProperty("state", state.name());
	}

}
