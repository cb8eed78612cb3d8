package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

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
