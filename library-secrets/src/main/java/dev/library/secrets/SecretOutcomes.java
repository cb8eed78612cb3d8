package dev.library.secrets;

import org.springframework.web.ErrorResponse;

/**
 * The bounded set of outcomes used in the audit log and as a metric tag.
 */
final class SecretOutcomes {

	private SecretOutcomes() {
	}

	static String of(Throwable failure) {
		if (failure instanceof SecretNotFoundException) {
			return "not-found";
		}
		if (failure instanceof InvalidSecretNameException) {
			return "invalid-name";
		}
		if (failure instanceof SecretValueTooLargeException) {
			return "too-large";
		}
		if (failure instanceof SecretStoreReadOnlyException) {
			return "read-only";
		}
		if (failure instanceof SecretStoreIntegrityException) {
			return "integrity-failure";
		}
		if (failure instanceof SecretStoreUnavailableException) {
			return "unavailable";
		}
		if (failure instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			return "bad-request";
		}
		return "error";
	}

}
