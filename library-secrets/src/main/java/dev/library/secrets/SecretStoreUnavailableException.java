package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * The store cannot serve the request now, such as a local store with no key configured.
 * The detail says what to configure.
 *
 * @author Library
 */
public class SecretStoreUnavailableException extends ProblemException {

	public SecretStoreUnavailableException(String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, "Secret store unavailable", detail);
	}

}
