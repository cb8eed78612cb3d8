package dev.library.observability.tracing;

import java.net.URI;
import java.util.Map;

import io.micrometer.tracing.Span;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /tracing/info} and {@code POST /tracing/test-span}.
 *
 * @author Library
 */
public class TracingHandler {

	private static final Log logger = LogFactory.getLog(TracingHandler.class);

	static final String ENDPOINT_PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	private final Environment environment;

	private final @Nullable Tracer tracer;

	public TracingHandler(Environment environment, @Nullable Tracer tracer) {
		this.environment = environment;
		this.tracer = tracer;
	}

	/**
	 * Describe the tracing set-up.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> info(ServerRequest request) {
		return ServerResponse.ok().bodyValue(info());
	}

	TracingInfo info() {
		boolean enabled = this.tracer != null && this.tracer != Tracer.NOOP
				&& this.environment.getProperty("management.tracing.enabled", Boolean.class, true)
				&& this.environment.getProperty("management.tracing.export.enabled", Boolean.class, true);
		String endpoint = this.environment.getProperty(ENDPOINT_PROPERTY);
		boolean exporting = enabled && endpoint != null && !endpoint.isBlank()
				&& this.environment.getProperty("management.tracing.export.otlp.enabled", Boolean.class, true);
		double probability = this.environment.getProperty("management.tracing.sampling.probability", Double.class, 0.1);
		String serviceName = this.environment.getProperty("spring.application.name", "application");
		return new TracingInfo(enabled, exporting ? "otlp" : "none", exporting ? withoutUserInfo(endpoint) : null,
				Map.of("type", "parentbased_traceidratio", "probability", probability), serviceName);
	}

	/**
	 * Create a span named {@code library.tracing.test-span} and return its ids.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> testSpan(ServerRequest request) {
		Tracer tracer = this.tracer;
		if (tracer == null || !info().enabled()) {
			return Mono.error(new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("tracing-disabled"),
					"Tracing disabled", "Tracing is switched off; set management.tracing.enabled=true"));
		}
		Span span = tracer.nextSpan().name("library.tracing.test-span").tag("library.test", "true").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			logger.info("Created test span " + span.context().spanId() + " in trace " + span.context().traceId());
		}
		finally {
			span.end();
		}
		return ServerResponse.ok()
			.bodyValue(new TestSpan(span.context().traceId(), span.context().spanId(),
					Boolean.TRUE.equals(span.context().sampled())));
	}

	private static String withoutUserInfo(String endpoint) {
		try {
			URI uri = URI.create(endpoint);
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (Exception ex) {
			return "(unparseable endpoint)";
		}
	}

	/**
	 * Response of {@code GET /tracing/info}.
	 *
	 * @param enabled whether spans are recorded
	 * @param exporter where spans go: {@code otlp}, or {@code none} when no endpoint is
	 * configured
	 * @param endpoint the OTLP endpoint, without credentials
	 * @param sampler the sampler and its probability
	 * @param serviceName the service name spans carry
	 */
	public record TracingInfo(boolean enabled, String exporter, @Nullable String endpoint, Map<String, Object> sampler,
			String serviceName) {

	}

	/**
	 * Response of {@code POST /tracing/test-span}.
	 *
	 * @param traceId the trace id
	 * @param spanId the span id
	 * @param sampled whether the sampler kept the span (and an exporter will send it)
	 */
	public record TestSpan(String traceId, String spanId, boolean sampled) {

	}

}
