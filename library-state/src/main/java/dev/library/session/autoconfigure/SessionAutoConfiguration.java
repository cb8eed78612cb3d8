package dev.library.session.autoconfigure;

import java.time.Clock;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.LibraryComponent;
import dev.library.session.DefaultSessionRegistry;
import dev.library.session.ResourcePools;
import dev.library.session.SessionFile;
import dev.library.session.SessionHandler;
import dev.library.session.SessionInfo;
import dev.library.session.SessionRegistry;
import dev.library.session.SessionRoutes;
import dev.library.session.SessionsComponent;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import dev.library.state.autoconfigure.StateProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.HttpMethod;

/**
 * Auto-configuration of the {@code sessions} component: the {@link SessionRegistry}
 * ({@code library.sessions}), the {@link ResourcePools} and the {@code /sessions} routes.
 *
 * @author Library
 */
@AutoConfiguration(after = CoreAutoConfiguration.class)
@EnableConfigurationProperties({ SessionProperties.class, StateProperties.class })
public final class SessionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SessionRegistry.class)
	DefaultSessionRegistry sessionRegistry(SessionProperties properties, StateProperties stateProperties,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock, ObjectProvider<JsonMapper> jsonMapper) {
		DefaultSessionRegistry registry = new DefaultSessionRegistry(properties::policy,
				meters.getIfAvailable(CompositeMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC));
		registry.declareKinds(properties.getKinds().keySet());
		if (properties.getKinds().values().stream().anyMatch(SessionProperties.Kind::isPersistent)) {
			registry.setSessionFile(new SessionFile(
					stateProperties.getDataDir().resolve("sessions").resolve("persistent-sessions.json"),
					jsonMapper.getIfAvailable(() -> JsonMapper.builder().build())));
		}
		return registry;
	}

	@Bean
	LibraryComponent sessionsComponent(ObjectProvider<DefaultSessionRegistry> registry, SessionProperties properties) {
		return new SessionsComponent(registry.getIfAvailable(), properties.getSweepInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	ResourcePools resourcePools(ObjectProvider<MeterRegistry> meters) {
		// Timeouts only complete sinks: the shared parallel scheduler's timers suffice.
		return new ResourcePools(Schedulers.parallel(), meters.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class SessionRoutesConfiguration {

		private static final String PROBLEM_JSON = "application/problem+json";

		@Bean
		@ConditionalOnMissingBean
		SessionHandler sessionHandler(SessionRegistry registry) {
			return new SessionHandler(registry);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/sessions", method = RequestMethod.GET, beanClass = SessionHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listSessions", summary = "List the open sessions",
								description = "Everything that holds a connection or a conversation (API watchers, "
										+ "adapter connections...), oldest first.",
								tags = "sessions",
								parameters = @Parameter(name = "kind", in = ParameterIn.QUERY,
										description = "Only sessions of this kind, such as api-watcher"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The sessions",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = SessionHandler.SessionList.class))),
										@ApiResponse(responseCode = "400", description = "Invalid kind",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/sessions/{id}", method = RequestMethod.GET, beanClass = SessionHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getSession", summary = "Get an open session",
								tags = "sessions",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Session id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The session",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = SessionInfo.class))),
										@ApiResponse(responseCode = "404", description = "No open session has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/sessions/{id}", method = RequestMethod.DELETE,
						beanClass = SessionHandler.class, beanMethod = "close",
						operation = @Operation(operationId = "closeSession", summary = "Force a session closed",
								description = "Its owner is told (an SSE stream ends, a connection closes).",
								tags = "sessions",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Session id"),
								responses = {
										@ApiResponse(responseCode = "204", description = "The session was closed"),
										@ApiResponse(responseCode = "404", description = "No open session has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> sessionRoutes(SessionHandler handler) {
			return SessionRoutes.create(handler);
		}

	}

	/**
	 * Who may call the session routes: viewers list them, admins force one closed.
	 */
	@Bean
	RouteAccess sessionRouteAccess() {
		return RouteAccess.of("sessions")
			.read("/sessions", "/sessions/*")
			.allow(HttpMethod.DELETE, Role.ADMIN, "/sessions/*")
			.build();
	}

}
