package dev.library.observability.autoconfigure;

import java.time.Clock;

import dev.library.core.component.LibraryComponent;
import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmHandler;
import dev.library.observability.alarm.AlarmHealthIndicator;
import dev.library.observability.alarm.AlarmMetrics;
import dev.library.observability.alarm.AlarmRepository;
import dev.library.observability.alarm.AlarmRoutes;
import dev.library.observability.alarm.AlarmsComponent;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the {@code alarms} component: the {@link AlarmEngine} with the
 * definitions of {@code library.alarms}, its persistence in the state store, metrics,
 * health and the {@code /alarms} routes.
 *
 * @author Library
 */
@AutoConfiguration(after = StateAutoConfiguration.class)
@ConditionalOnBean(StateStore.class)
@EnableConfigurationProperties(AlarmProperties.class)
public final class AlarmAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AlarmEventPublisher alarmEventPublisher() {
		return new AlarmEventPublisher();
	}

	/**
	 * The definitions other components contribute as {@link AlarmDefinition} beans.
	 * @param definitions the beans
	 * @return the contributed definitions
	 */
	@Bean
	ContributedAlarmDefinitions contributedAlarmDefinitions(ObjectProvider<AlarmDefinition> definitions) {
		return new ContributedAlarmDefinitions(definitions.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmEngine alarmEngine(AlarmProperties properties, AlarmEventPublisher publisher, ObjectProvider<Clock> clock,
			ContributedAlarmDefinitions contributedAlarmDefinitions) {
		return new AlarmEngine(contributedAlarmDefinitions.with(properties.toAlarmDefinitions()),
				clock.getIfAvailable(Clock::systemUTC), properties.getMaxShelveDuration(), properties.toChatterPolicy(),
				publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmRepository alarmRepository(StateStore store, AlarmProperties properties, AlarmEventPublisher publisher,
			ObjectProvider<JsonMapper> jsonMapper) {
		AlarmRepository repository = new AlarmRepository(store,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), properties.getKeyPrefix());
		publisher.addListener(repository);
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmMetrics alarmMetrics(AlarmEngine engine, AlarmEventPublisher publisher) {
		AlarmMetrics metrics = new AlarmMetrics(engine);
		publisher.addListener(metrics);
		return metrics;
	}

	@Bean
	@ConditionalOnMissingBean(name = "alarmsHealthIndicator")
	AlarmHealthIndicator alarmsHealthIndicator(AlarmEngine engine) {
		return new AlarmHealthIndicator(engine);
	}

	@Bean
	LibraryComponent alarmsComponent(AlarmEngine engine, AlarmRepository repository, StateStore store,
			AlarmEventPublisher publisher, AlarmProperties properties) {
		return new AlarmsComponent(engine, repository, store, publisher, properties.getEvaluationInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmDefinitionsCheck alarmDefinitionsCheck() {
		return new AlarmDefinitionsCheck();
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmsReloader alarmsReloader(AlarmProperties properties, AlarmEngine engine, StateStore store,
			ContributedAlarmDefinitions contributedAlarmDefinitions) {
		return new AlarmsReloader(properties, engine, store, contributedAlarmDefinitions);
	}

	/**
	 * Who may call the alarm routes: viewers read, operators acknowledge and shelve,
	 * admins take alarms out of service and back.
	 */
	@Bean
	RouteAccess alarmRouteAccess() {
		return RouteAccess.of("alarms")
			.read("/alarms", "/alarms/*")
			.allow(HttpMethod.POST, Role.OPERATOR, "/alarms/*/acknowledge", "/alarms/*/ack", "/alarms/*/shelve",
					"/alarms/*/unshelve")
			.allow(HttpMethod.POST, Role.ADMIN, "/alarms/*/out-of-service", "/alarms/*/in-service")
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class AlarmRoutesConfiguration {

		private static final String JSON = "application/json";

		private static final String PROBLEM_JSON = "application/problem+json";

		@Bean
		@ConditionalOnMissingBean
		AlarmHandler alarmHandler(AlarmEngine engine, AlarmRepository repository, AlarmEventPublisher publisher,
				AlarmProperties properties) {
			return new AlarmHandler(engine, repository, publisher, properties.getHeartbeatInterval());
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/alarms", method = RequestMethod.GET, beanClass = AlarmHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listAlarms", summary = "List alarms",
								description = "Alarms that are not normal unless a state is asked for, by severity "
										+ "then latest change first.",
								tags = "alarms",
								parameters = {
										@Parameter(name = "state", in = ParameterIn.QUERY,
												description = "Only these states, comma-separated (normal, unack, "
														+ "acked, rtn_unack, shelved, suppressed_by_design, "
														+ "out_of_service)"),
										@Parameter(name = "severity", in = ParameterIn.QUERY,
												description = "Only these severities, comma-separated"),
										@Parameter(name = "area", in = ParameterIn.QUERY,
												description = "Only alarms of this area"),
										@Parameter(name = "tag", in = ParameterIn.QUERY,
												description = "Only alarms with this tag"),
										@Parameter(name = "key", in = ParameterIn.QUERY,
												description = "Only alarms on this state key") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarms",
												content = @Content(mediaType = JSON,
														schema = @Schema(
																implementation = AlarmHandler.AlarmList.class))),
										@ApiResponse(responseCode = "400", description = "Invalid filter",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/history", method = RequestMethod.GET, beanClass = AlarmHandler.class,
						beanMethod = "history",
						operation = @Operation(operationId = "alarmHistory",
								summary = "Alarm transitions, oldest first", tags = "alarms",
								parameters = {
										@Parameter(name = "since", in = ParameterIn.QUERY,
												description = "Only transitions at or after this ISO-8601 instant"),
										@Parameter(name = "until", in = ParameterIn.QUERY,
												description = "Only transitions before this ISO-8601 instant"),
										@Parameter(name = "limit", in = ParameterIn.QUERY,
												description = "Largest number of transitions, 1 to 1000 (100)"),
										@Parameter(name = "cursor", in = ParameterIn.QUERY,
												description = "nextCursor of the previous page") },
								responses = {
										@ApiResponse(responseCode = "200", description = "One page of the history",
												content = @Content(mediaType = JSON,
														schema = @Schema(
																implementation = AlarmRepository.HistoryPage.class))),
										@ApiResponse(responseCode = "400", description = "Invalid parameter",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/definitions", method = RequestMethod.GET,
						beanClass = AlarmHandler.class, beanMethod = "definitions",
						operation = @Operation(operationId = "alarmDefinitions", summary = "List alarm definitions",
								tags = "alarms",
								responses = @ApiResponse(responseCode = "200", description = "The definitions",
										content = @Content(mediaType = JSON,
												schema = @Schema(
														implementation = AlarmHandler.DefinitionList.class))))),
				@RouterOperation(path = "/alarms/watch", method = RequestMethod.GET, beanClass = AlarmHandler.class,
						beanMethod = "watch",
						operation = @Operation(operationId = "watchAlarms", summary = "Follow alarm transitions",
								description = "Server-Sent Events: a 'transition' event per change of state, "
										+ "with the alarm after it.",
								tags = "alarms",
								responses = @ApiResponse(responseCode = "200", description = "The event stream",
										content = @Content(mediaType = "text/event-stream")))),
				@RouterOperation(path = "/alarms/stream", method = RequestMethod.GET, beanClass = AlarmHandler.class,
						beanMethod = "watch",
						operation = @Operation(operationId = "streamAlarms",
								summary = "Follow alarm transitions (same as /alarms/watch)", tags = "alarms",
								responses = @ApiResponse(responseCode = "200", description = "The event stream",
										content = @Content(mediaType = "text/event-stream")))),
				@RouterOperation(path = "/alarms/{id}/ack", method = RequestMethod.POST, beanClass = AlarmHandler.class,
						beanMethod = "acknowledge",
						operation = @Operation(operationId = "ackAlarm",
								summary = "Acknowledge an alarm (same as /alarms/{id}/acknowledge)", tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409",
												description = "The alarm waits for no acknowledgement",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}", method = RequestMethod.GET, beanClass = AlarmHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getAlarm", summary = "Get an alarm", tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id: definition name, a dot and the state key"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}/acknowledge", method = RequestMethod.POST,
						beanClass = AlarmHandler.class, beanMethod = "acknowledge",
						operation = @Operation(operationId = "acknowledgeAlarm", summary = "Acknowledge an alarm",
								tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								requestBody = @RequestBody(required = false,
										description = "Optional {\"reason\": \"...\"}"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409",
												description = "The alarm waits for no acknowledgement",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}/shelve", method = RequestMethod.POST,
						beanClass = AlarmHandler.class, beanMethod = "shelve",
						operation = @Operation(operationId = "shelveAlarm", summary = "Shelve an alarm for a while",
								tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								requestBody = @RequestBody(required = true,
										description = "{\"duration\": \"PT30M\", \"reason\": \"...\"}; the duration "
												+ "at most library.alarms.max-shelve-duration"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "400",
												description = "No duration, or one not positive or too long",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409",
												description = "The alarm is shelved or out of service",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}/unshelve", method = RequestMethod.POST,
						beanClass = AlarmHandler.class, beanMethod = "unshelve",
						operation = @Operation(operationId = "unshelveAlarm", summary = "Unshelve an alarm",
								tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409", description = "The alarm is not shelved",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}/out-of-service", method = RequestMethod.POST,
						beanClass = AlarmHandler.class, beanMethod = "outOfService",
						operation = @Operation(operationId = "removeAlarmFromService",
								summary = "Take an alarm out of service", tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409",
												description = "The alarm is out of service already",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/alarms/{id}/in-service", method = RequestMethod.POST,
						beanClass = AlarmHandler.class, beanMethod = "inService",
						operation = @Operation(operationId = "returnAlarmToService",
								summary = "Return an alarm to service", tags = "alarms",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Alarm id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The alarm after",
												content = @Content(mediaType = JSON,
														schema = @Schema(implementation = Alarm.class))),
										@ApiResponse(responseCode = "404", description = "No alarm has the id",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409", description = "The alarm is in service",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> alarmRoutes(AlarmHandler handler) {
			return AlarmRoutes.create(handler);
		}

	}

}
