package dev.library.security;

import java.time.Duration;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The principal made more mutating requests than its rate limit allows. Answered with 429
 * and a {@code Retry-After} header in whole seconds.
 *
 * @author Library
 */
public class RateLimitedException extends ProblemException {

	public RateLimitedException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.of("rate-limited"), "Too Many Requests",
				"Too many changing requests (POST, PUT, PATCH, DELETE) from this principal; retry after "
						+ retryAfterSeconds(retryAfter) + " s");
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
		getBody().setProperty("retryAfterSeconds", retryAfterSeconds(retryAfter));
	}

	static long retryAfterSeconds(Duration retryAfter) {
		long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
