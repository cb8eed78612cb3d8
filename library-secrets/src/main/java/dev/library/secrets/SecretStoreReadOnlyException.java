package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A write reached a backend that cannot take it: a read-only backend (Kubernetes mounted
 * secrets) or a local store with no key configured.
 *
 * @author Library
 */
public class SecretStoreReadOnlyException extends ProblemException {

	public SecretStoreReadOnlyException(String detail) {
		super(HttpStatus.CONFLICT, ProblemTypes.of("secret-store-read-only"), "Secret store is read-only", detail);
	}

}
