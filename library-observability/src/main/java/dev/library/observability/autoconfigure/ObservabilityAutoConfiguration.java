package dev.library.observability.autoconfigure;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.observability.health.ComponentHealthContributor;
import dev.library.observability.metrics.ComponentMetrics;
import dev.library.observability.tracing.TracingHandler;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import io.micrometer.tracing.Tracer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.HttpMethod;

/**
 * Auto-configuration of the metrics, health and tracing components: component metrics,
 * one health contributor per component with the dependency graph, and the tracing
 * endpoints. Actuator itself is set up by this module's default properties: Prometheus at
 * {@code /metrics}, probes at {@code /health/livez} and {@code /health/readyz}.
 *
 * @author Library
 */
@AutoConfiguration
public final class ObservabilityAutoConfiguration {

	@Bean
	LibraryComponent metricsComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("metrics")
			.description("Prometheus metrics at /metrics")
			.dependsOn("core")
			.build());
	}

	@Bean
	LibraryComponent healthComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("health")
			.description("Liveness, readiness and the component dependency graph")
			.dependsOn("core")
			.build());
	}

	@Bean
	LibraryComponent tracingComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("tracing")
			.description("OpenTelemetry tracing with OTLP export")
			.dependsOn("core")
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	ComponentMetrics componentMetrics(ComponentRegistry registry) {
		return new ComponentMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "componentsHealthContributor")
	CompositeReactiveHealthContributor componentsHealthContributor(ComponentRegistry registry) {
		return ComponentHealthContributor.of(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	TracingHandler tracingHandler(Environment environment, ObjectProvider<Tracer> tracer) {
		return new TracingHandler(environment, tracer.getIfAvailable());
	}

	@Bean
	@RouterOperations({
			@RouterOperation(path = "/tracing/info", method = RequestMethod.GET, beanClass = TracingHandler.class,
					beanMethod = "info",
					operation = @Operation(operationId = "tracingInfo", summary = "Describe the tracing set-up",
							tags = "tracing",
							responses = @ApiResponse(responseCode = "200", description = "Tracing settings",
									content = @Content(mediaType = "application/json",
											schema = @Schema(implementation = TracingHandler.TracingInfo.class))))),
			@RouterOperation(path = "/tracing/test-span", method = RequestMethod.POST, beanClass = TracingHandler.class,
					beanMethod = "testSpan",
					operation = @Operation(operationId = "createTestSpan",
							summary = "Create a test span and return its trace id", tags = "tracing",
							responses = {
									@ApiResponse(responseCode = "200", description = "The span's ids",
											content = @Content(mediaType = "application/json",
													schema = @Schema(implementation = TracingHandler.TestSpan.class))),
									@ApiResponse(responseCode = "409", description = "Tracing is switched off",
											content = @Content(mediaType = "application/problem+json",
													schema = @Schema(implementation = ProblemDetail.class))) })) })
	RouterFunction<ServerResponse> tracingRoutes(TracingHandler handler) {
		return RouterFunctions.route()
			.GET("/tracing/info", handler::info)
			.POST("/tracing/test-span", handler::testSpan)
			.build();
	}

	/**
	 * Who may call the health, metrics and tracing routes. The probes and
	 * {@code /metrics} are anonymous through {@code library.security.anonymous-paths};
	 * without them there they need a viewer like {@code /health} with its details. A test
	 * span writes to the trace backend, so it is for admins.
	 */
	@Bean
	RouteAccess observabilityRouteAccess() {
		return RouteAccess.of("observability")
			.read("/health", "/health/**", "/metrics", "/tracing/info")
			.allow(HttpMethod.POST, Role.ADMIN, "/tracing/test-span")
			.build();
	}

}
