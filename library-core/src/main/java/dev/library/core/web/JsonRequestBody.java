package dev.library.core.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a request body that must be a JSON document: a body of another content type is a
 * 415 problem that says what to send (Spring's own message would name a Java class), an
 * empty body a 400, and malformed JSON the 400 that
 * {@link ProblemDetailsExceptionHandler} describes with its field and position.
 *
 * @author Library
 */
public final class JsonRequestBody {

	private static final MediaType APPLICATION_ANY_JSON = new MediaType("application", "*+json");

	private JsonRequestBody() {
	}

	/**
	 * Read the body of a request as a JSON document.
	 * @param request the request
	 * @param whatToSend what the body should hold, for the problem detail of an empty
	 * body (such as "the value as JSON")
	 * @return the document
	 */
	public static Mono<JsonNode> read(ServerRequest request, String whatToSend) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
				|| APPLICATION_ANY_JSON.isCompatibleWith(contentType))) {
			return Mono.error(unsupportedMediaType(contentType));
		}
		return request.bodyToMono(JsonNode.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
					"Malformed request body", "Request body is empty; send " + whatToSend)));
	}

	private static ProblemException unsupportedMediaType(@Nullable MediaType contentType) {
		String given = (contentType != null) ? "got '" + contentType + "'" : "none was given";
		ProblemException problem = new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
				"Content-Type must be application/json; " + given);
		problem.getHeaders().setAccept(List.of(MediaType.APPLICATION_JSON));
		return problem;
	}

}
