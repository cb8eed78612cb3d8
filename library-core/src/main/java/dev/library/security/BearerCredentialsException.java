package dev.library.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Bearer credentials were refused. The message is written for the client and never
 * repeats the credential.
 *
 * @author Library
 */
public class BearerCredentialsException extends AuthenticationException {

	private final Reason reason;

	public BearerCredentialsException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Return why the credentials were refused.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why credentials were refused, as named by RFC 6750 for {@code WWW-Authenticate}.
	 */
	public enum Reason {

		/**
		 * The {@code Authorization} header is not a single well-formed bearer credential.
		 */
		INVALID_REQUEST("invalid_request"),

		/**
		 * The credential is unknown, revoked, expired or its signature does not verify.
		 */
		INVALID_TOKEN("invalid_token");

		private final String errorCode;

		Reason(String errorCode) {
			this.errorCode = errorCode;
		}

		/**
		 * Return the RFC 6750 error code.
		 * @return the code
		 */
		public String errorCode() {
			return this.errorCode;
		}

	}

}
