package dev.library.state;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The store cannot take the request now: it is not running, it is stopping, or its writer
 * is too far behind. Rendered as a 503 problem with {@code Retry-After}.
 *
 * @author Library
 */
public class StateStoreUnavailableException extends ProblemException {

	public StateStoreUnavailableException(String detail) {
		this(detail, null);
	}

	public StateStoreUnavailableException(String detail, @Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, "State store unavailable", detail,
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
