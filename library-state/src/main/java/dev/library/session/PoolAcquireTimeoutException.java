package dev.library.session;

import java.net.URI;
import java.time.Duration;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No resource of a pool became free within the acquire timeout. Rendered as a 503 problem
 * of type {@code https://library.dev/problems/pool-acquire-timeout} with
 * {@code Retry-After: 1}.
 *
 * @author Library
 */
public class PoolAcquireTimeoutException extends ProblemException {

	/**
	 * Problem type of an acquire timeout.
	 */
	public static final URI TYPE = ProblemTypes.of("pool-acquire-timeout");

	public PoolAcquireTimeoutException(String pool, Duration timeout) {
		super(HttpStatus.SERVICE_UNAVAILABLE, TYPE, "Resource busy",
				"No resource of pool '" + pool + "' became free within " + timeout.toMillis() + " ms");
		getBody().setProperty("pool", pool);
		getHeaders().set("Retry-After", "1");
	}

}
