package dev.library.secrets;

import org.springframework.http.HttpStatus;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

/**
 * Stored secrets could not be read back intact: a file was changed outside the store,
 * truncated, or encrypted with another key. Never answered with a wrong value.
 *
 * @author Library
 */
public class SecretStoreIntegrityException extends ProblemException {

	public SecretStoreIntegrityException(String detail) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("secret-store-integrity"),
				"Secret store integrity check failed", detail);
	}

}
