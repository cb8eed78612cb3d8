package dev.library.core.web;

import java.net.URI;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns every error of every route into an RFC 9457 {@code application/problem+json}
 * response with a stable {@code type}. Details meant for clients pass through; anything
 * else is replaced by a generic text so that no stack trace, exception class or internal
 * path reaches a client.
 *
 * @author Library
 */
public class ProblemDetailsExceptionHandler implements WebExceptionHandler {

	/**
	 * Runs before Boot's own error handler (order -1).
	 */
	public static final int ORDER = -2;

	private static final Log logger = LogFactory.getLog(ProblemDetailsExceptionHandler.class);

	private final ServerResponse.Context context;

	public ProblemDetailsExceptionHandler(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return HandlerStrategies.empty().build().viewResolvers();
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = toProblem(ex);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		HttpHeaders headers = (ex instanceof ErrorResponse response) ? response.getHeaders() : HttpHeaders.EMPTY;
		return ServerResponse.status(problem.getStatus())
			.headers((target) -> target.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	ProblemDetail toProblem(Throwable ex) {
		if (hasCause(ex, DataBufferLimitException.class)) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
					"Request body exceeds the configured limit");
		}
		if (ex instanceof ServerWebInputException input && hasCause(ex, DecodingException.class)) {
			return problem(input.getStatusCode(), ProblemTypes.MALFORMED_REQUEST, "Malformed request body",
					JsonErrorDescription.describe(ex));
		}
		if (ex instanceof ErrorResponse response) {
			return copy(response);
		}
		logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
				"The request could not be completed because of an internal error; it has been logged");
	}

	private static ProblemDetail copy(ErrorResponse response) {
		ProblemDetail source = response.getBody();
		HttpStatusCode status = response.getStatusCode();
		ProblemDetail problem = ProblemDetail.forStatus(status);
		boolean ours = response instanceof ProblemException;
		problem.setType(ours || !isBlank(source.getType()) ? source.getType() : ProblemTypes.forStatus(status));
		problem.setTitle(source.getTitle());
		if (status.is5xxServerError() && !ours) {
			logger.error("Server error", (Throwable) response);
			problem.setDetail("The request could not be completed because of an internal error; it has been logged");
		}
		else {
			problem.setDetail(source.getDetail());
		}
		if (source.getProperties() != null) {
			source.getProperties().forEach(problem::setProperty);
		}
		return problem;
	}

	private static boolean isBlank(URI type) {
		return type == null || "about:blank".equals(type.toString());
	}

	private static ProblemDetail problem(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

}
