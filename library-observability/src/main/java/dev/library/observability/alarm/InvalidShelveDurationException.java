package dev.library.observability.alarm;

import java.net.URI;
import java.time.Duration;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A shelve request gave no duration, a duration that is not positive, or one longer than
 * {@code library.alarms.max-shelve-duration}. Rendered as a 400 problem of type
 * {@code https://library.dev/problems/invalid-shelve-duration}.
 *
 * @author Library
 */
public class InvalidShelveDurationException extends ProblemException {

	/**
	 * Problem type of a wrong shelve duration.
	 */
	public static final URI TYPE = ProblemTypes.of("invalid-shelve-duration");

	public InvalidShelveDurationException(@Nullable Duration duration, Duration max) {
		super(HttpStatus.BAD_REQUEST, TYPE, "Invalid shelve duration", describe(duration, max));
		getBody().setProperty("maxDuration", max.toString());
	}

	public InvalidShelveDurationException(String text, Duration max) {
		super(HttpStatus.BAD_REQUEST, TYPE, "Invalid shelve duration",
				"Shelve duration '" + text + "' is not a duration such as \"PT30M\" or \"30m\"");
		getBody().setProperty("maxDuration", max.toString());
	}

	private static String describe(@Nullable Duration duration, Duration max) {
		if (duration == null) {
			return "A shelve needs a 'duration', such as \"PT30M\", of at most " + max;
		}
		if (!duration.isPositive()) {
			return "Shelve duration " + duration + " must be positive";
		}
		return "Shelve duration " + duration + " is longer than the maximum of " + max;
	}

}
