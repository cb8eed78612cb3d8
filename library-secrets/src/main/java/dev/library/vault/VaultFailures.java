package dev.library.vault;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Sorts what went wrong in a call to Vault into the few cases the callers act on. Spring
 * Vault reports an HTTP error as a {@code VaultException} whose message starts with
 * {@code Status <code>}, or keeps the HTTP client's exception as the cause.
 */
final class VaultFailures {

	private static final Pattern STATUS = Pattern.compile("Status (\\d{3})");

	private VaultFailures() {
	}

	static Kind of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause instanceof ResourceAccessException) {
				return Kind.UNREACHABLE;
			}
			if (cause instanceof RestClientResponseException response) {
				return ofStatus(response.getStatusCode().value(), response.getResponseBodyAsString());
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage());
			Matcher status = STATUS.matcher(message);
			if (status.find()) {
				return ofStatus(Integer.parseInt(status.group(1)), message);
			}
		}
		return Kind.OTHER;
	}

	private static Kind ofStatus(int status, String message) {
		if (status == 403) {
			return Kind.FORBIDDEN;
		}
		if (status == 404) {
			return Kind.NOT_FOUND;
		}
		if (status == 400 && message.contains("check-and-set")) {
			return Kind.CONFLICT;
		}
		if (status >= 500) {
			// 503 is a sealed or standby Vault, 500/502/504 a Vault or proxy in trouble:
			// as unusable as one that does not answer.
			return Kind.UNREACHABLE;
		}
		return Kind.OTHER;
	}

	enum Kind {

		/** The token was refused: expired, revoked, or without the needed policy. */
		FORBIDDEN,

		/** Vault did not answer, or answered that it cannot serve (sealed, 5xx). */
		UNREACHABLE,

		/** A check-and-set write found another version. */
		CONFLICT,

		/** Nothing at the path. */
		NOT_FOUND,

		/** Anything else: a request Vault refused. */
		OTHER

	}

}
