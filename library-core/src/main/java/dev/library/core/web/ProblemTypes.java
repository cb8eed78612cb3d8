package dev.library.core.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;

/**
 * Stable {@code type} URIs of the RFC 9457 problems the platform returns. Clients may
 * switch on them; they never change meaning. Components add their own under the same
 * base.
 *
 * @author Library
 */
public final class ProblemTypes {

	/**
	 * Base of every problem type URI.
	 */
	public static final String BASE = "https://library.dev/problems/";

	public static final URI NOT_FOUND = of("not-found");

	public static final URI MALFORMED_REQUEST = of("malformed-request");

	public static final URI INVALID_PARAMETER = of("invalid-parameter");

	public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");

	public static final URI NOT_ACCEPTABLE = of("not-acceptable");

	public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");

	public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");

	public static final URI VALIDATION_FAILED = of("validation-failed");

	public static final URI CONFLICT = of("conflict");

	public static final URI PRECONDITION_FAILED = of("precondition-failed");

	public static final URI BAD_REQUEST = of("bad-request");

	public static final URI UNAUTHORIZED = of("unauthorized");

	public static final URI FORBIDDEN = of("forbidden");

	public static final URI SERVICE_UNAVAILABLE = of("service-unavailable");

	public static final URI INTERNAL_ERROR = of("internal-error");

	private ProblemTypes() {
	}

	/**
	 * Return the type URI of the given kind.
	 * @param kind lower-case kind, such as {@code schema-not-found}
	 * @return the URI
	 */
	public static URI of(String kind) {
		return URI.create(BASE + kind);
	}

	/**
	 * Return the type that a response with this status has when nothing more specific is
	 * known.
	 * @param status the status
	 * @return the type
	 */
	static URI forStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> BAD_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 412 -> PRECONDITION_FAILED;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 422 -> VALIDATION_FAILED;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> status.is5xxServerError() ? INTERNAL_ERROR : of("http-" + status.value());
		};
	}

}
