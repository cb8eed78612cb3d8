package dev.library.state.autoconfigure;

import java.time.Clock;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.schema.SchemaRegistry;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.session.SessionRegistry;
import dev.library.state.DefaultStateStore;
import dev.library.state.EmbeddedStatePersistence;
import dev.library.state.EventPage;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.StateChange;
import dev.library.state.StateComponent;
import dev.library.state.StateHandler;
import dev.library.state.StatePage;
import dev.library.state.StatePersistence;
import dev.library.state.StateRoutes;
import dev.library.state.StateStore;
import dev.library.state.StateStoreHealthIndicator;
import dev.library.state.StateValue;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.HttpMethod;

/**
 * Auto-configuration of the state component: the {@link StateStore}, its persistence
 * ({@code library.state.persistence}), health, meters and routes.
 *
 * @author Library
 */
@AutoConfiguration(after = { CoreAutoConfiguration.class, SchemaAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(StateProperties.class)
public final class StateAutoConfiguration {

	@Bean
	LibraryComponent stateComponent(ObjectProvider<DefaultStateStore> store) {
		return new StateComponent(store.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	StatePersistence statePersistence(StateProperties properties, ObjectProvider<JsonMapper> jsonMapper) {
		return switch (properties.getPersistence()) {
			case EMBEDDED -> new EmbeddedStatePersistence(properties.getDataDir(),
					jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), properties.isFsync());
			case MEMORY -> new InMemoryStatePersistence(properties.getEvents().getRetention().getMaxCount());
		};
	}

	@Bean
	@ConditionalOnMissingBean(StateStore.class)
	DefaultStateStore stateStore(StatePersistence persistence, StateProperties properties,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<SchemaRegistry> schemas,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock,
			ObjectProvider<ComponentRegistry> components) {
		DefaultStateStore store = new DefaultStateStore(persistence, properties.toOptions(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), schemas.getIfAvailable(),
				meters.getIfAvailable(CompositeMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC));
		store.setWriterListener(new DefaultStateStore.WriterListener() {

			@Override
			public void failing(String reason) {
				components.ifAvailable((registry) -> registry.reportDegraded(StateComponent.DESCRIPTOR.name(),
						"State changes cannot be committed: " + reason));
			}

			@Override
			public void recovered() {
				components.ifAvailable((registry) -> registry.reportRecovered(StateComponent.DESCRIPTOR.name()));
			}

		});
		return store;
	}

	@Bean
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnBean(DefaultStateStore.class)
	@ConditionalOnMissingBean(name = "stateStoreHealthIndicator")
	StateStoreHealthIndicator stateStoreHealthIndicator(DefaultStateStore store) {
		return new StateStoreHealthIndicator(store);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class StateRoutesConfiguration {

		private static final String PROBLEM_JSON = "application/problem+json";

		@Bean
		@ConditionalOnMissingBean
		StateHandler stateHandler(StateStore store, StateProperties properties,
				ObjectProvider<SessionRegistry> sessions) {
			StateHandler handler = new StateHandler(store, properties.getWatchHeartbeatInterval());
			handler.setSessionRegistry(sessions.getIfAvailable());
			return handler;
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/state", method = RequestMethod.GET, beanClass = StateHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listState", summary = "List values under a prefix",
								description = "One page of the values whose keys are the prefix or lie below it, "
										+ "sorted by key.",
								tags = "state",
								parameters = {
										@Parameter(name = "prefix", in = ParameterIn.QUERY,
												description = "Key prefix, such as plant.tank1; empty for every key"),
										@Parameter(name = "limit", in = ParameterIn.QUERY,
												description = "Largest number of values, 1 to 1000 (default 100)"),
										@Parameter(name = "cursor", in = ParameterIn.QUERY,
												description = "nextCursor of the previous page") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The page",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = StatePage.class))),
										@ApiResponse(responseCode = "400",
												description = "Invalid prefix, limit or cursor",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/state/watch", method = RequestMethod.GET, beanClass = StateHandler.class,
						beanMethod = "watch",
						operation = @Operation(operationId = "watchState",
								summary = "Stream changes as Server-Sent Events",
								description = "Each change is an event 'change' whose id is its sequence. After a "
										+ "reconnect with Last-Event-ID (or ?after=) every change missed is sent "
										+ "exactly once, then live ones. Control events: 'history-unavailable' "
										+ "(the id is older than the retention or unknown; the stream continues "
										+ "from the oldest change kept), 'dropped' (the client fell behind by more "
										+ "than library.state.watch-buffer-size changes; reconnect to resume), "
										+ "'closed' (the store or the server stops).",
								tags = "state",
								parameters = {
										@Parameter(name = "prefix", in = ParameterIn.QUERY,
												description = "Key prefix; empty for every key"),
										@Parameter(name = "after", in = ParameterIn.QUERY,
												description = "Resume after this event id"),
										@Parameter(name = "Last-Event-ID", in = ParameterIn.HEADER,
												description = "Resume after this event id (sent by EventSource "
														+ "on reconnect; wins over ?after=)") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The event stream",
												content = @Content(mediaType = "text/event-stream",
														schema = @Schema(implementation = StateChange.class))),
										@ApiResponse(responseCode = "400", description = "Invalid prefix or event id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "503", description = "The store is not running",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/state/{key}", method = RequestMethod.GET, beanClass = StateHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getState", summary = "Get the value of a key",
								tags = "state",
								parameters = @Parameter(name = "key", in = ParameterIn.PATH, required = true,
										description = "Dotted key, such as plant.tank1.level"),
								responses = { @ApiResponse(responseCode = "200", description = "The value",
										headers = @Header(name = "ETag", description = "The version, in quotes"),
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = StateValue.class))),
										@ApiResponse(responseCode = "304",
												description = "If-None-Match names the current version"),
										@ApiResponse(responseCode = "400", description = "Invalid key",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No value under the key",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/state/{key}", method = RequestMethod.PUT, beanClass = StateHandler.class,
						beanMethod = "put",
						operation = @Operation(operationId = "putState", summary = "Write the value of a key",
								description = "The JSON body is the value, validated against the schema whose "
										+ "x-library-key-prefix matches the key. If-Match: \"<version>\" writes "
										+ "only at that version, If-Match: * only if the key exists, "
										+ "If-None-Match: * only if it does not.",
								tags = "state",
								parameters = {
										@Parameter(name = "key", in = ParameterIn.PATH, required = true,
												description = "Dotted key, such as plant.tank1.level"),
										@Parameter(name = StateHandler.SOURCE_HEADER, in = ParameterIn.HEADER,
												description = "Who writes (default api)"),
										@Parameter(name = StateHandler.QUALITY_HEADER, in = ParameterIn.HEADER,
												description = "GOOD (default), UNCERTAIN or BAD"),
										@Parameter(name = "If-Match", in = ParameterIn.HEADER,
												description = "Version the key must be at, as returned in ETag") },
								requestBody = @RequestBody(required = true, description = "The value, any JSON",
										content = @Content(mediaType = "application/json")),
								responses = {
										@ApiResponse(responseCode = "200", description = "The value was replaced",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = StateValue.class))),
										@ApiResponse(responseCode = "201", description = "The key was created",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = StateValue.class))),
										@ApiResponse(responseCode = "400",
												description = "Invalid key or header, malformed JSON, or a value "
														+ "that does not match its schema (every violation listed)",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "412", description = "The condition failed",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "413",
												description = "The value is larger than library.state.max-value-size",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "415", description = "The body is not JSON",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "503",
												description = "The store is not running or its writer is behind",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/state/{key}", method = RequestMethod.DELETE, beanClass = StateHandler.class,
						beanMethod = "delete",
						operation = @Operation(operationId = "deleteState", summary = "Delete a key", tags = "state",
								parameters = {
										@Parameter(name = "key", in = ParameterIn.PATH, required = true,
												description = "Dotted key"),
										@Parameter(name = "If-Match", in = ParameterIn.HEADER,
												description = "Version the key must be at") },
								responses = { @ApiResponse(responseCode = "204", description = "The key was deleted"),
										@ApiResponse(responseCode = "400", description = "Invalid key",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No value under the key",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "412", description = "The condition failed",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/events", method = RequestMethod.GET, beanClass = StateHandler.class,
						beanMethod = "events",
						operation = @Operation(operationId = "listEvents", summary = "Page through the event log",
								description = "Changes in sequence order, as watchers receive them.", tags = "state",
								parameters = {
										@Parameter(name = "key", in = ParameterIn.QUERY,
												description = "Only changes of this key"),
										@Parameter(name = "prefix", in = ParameterIn.QUERY,
												description = "Only changes of keys under this prefix"),
										@Parameter(name = "since", in = ParameterIn.QUERY,
												description = "ISO-8601 instant: only changes made at or after it"),
										@Parameter(name = "until", in = ParameterIn.QUERY,
												description = "ISO-8601 instant: only changes made before it"),
										@Parameter(name = "limit", in = ParameterIn.QUERY,
												description = "Largest number of changes, 1 to 1000 (default 100)"),
										@Parameter(name = "cursor", in = ParameterIn.QUERY,
												description = "nextCursor of the previous page") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The page",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = EventPage.class))),
										@ApiResponse(responseCode = "400", description = "Invalid parameter",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> stateRoutes(StateHandler handler) {
			return StateRoutes.create(handler);
		}

	}

	/**
	 * Who may call the state routes: viewers read values, watch and the event log;
	 * operators write and delete values.
	 */
	@Bean
	RouteAccess stateRouteAccess() {
		return RouteAccess.of("state")
			.read("/state", "/state/**", "/events")
			.allow(HttpMethod.PUT, Role.OPERATOR, "/state/**")
			.allow(HttpMethod.DELETE, Role.OPERATOR, "/state/**")
			.build();
	}

}
