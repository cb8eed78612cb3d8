package dev.library.adapters.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import dev.library.adapters.AdapterHandler;
import dev.library.adapters.AdapterHealthContributor;
import dev.library.adapters.AdapterInstanceStatus;
import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.AdapterRoutes;
import dev.library.adapters.AdapterSupervisor;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.AdaptersComponent;
import dev.library.adapters.ReconnectPolicy;
import dev.library.adapters.autoconfigure.ConfiguredAdapters.ConfiguredInstance;
import dev.library.adapters.command.Command;
import dev.library.adapters.command.CommandAuditLog;
import dev.library.adapters.command.CommandExecutor;
import dev.library.adapters.command.CommandHandler;
import dev.library.adapters.command.CommandRoutes;
import dev.library.adapters.interlock.InterlockMonitor;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.state.autoconfigure.StateProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the adapters component: the adapter types (beans and
 * {@code META-INF/services}), the instances of {@code library.adapters.instances} with
 * their supervisors, health and meters, safe commands with interlocks and their audit
 * trail, and the routes.
 *
 * @author Library
 */
@AutoConfiguration(after = { CoreAutoConfiguration.class, StateAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(AdaptersProperties.class)
public final class AdaptersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AdapterRegistry adapterRegistry(ObjectProvider<AdapterProvider> providers, ApplicationContext context) {
		ClassLoader classLoader = context.getClassLoader();
		return new AdapterRegistry(providers.orderedStream().toList(),
				(classLoader != null) ? classLoader : AdaptersAutoConfiguration.class.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	ConfiguredAdapters configuredAdapters(AdaptersProperties properties, AdapterRegistry registry,
			ObjectProvider<JsonMapper> jsonMapper) {
		return ConfiguredAdapters.of(properties, registry,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	AdapterSupervisors adapterSupervisors(ConfiguredAdapters adapters, AdaptersProperties properties, StateStore store,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
		return new AdapterSupervisors(
				adapters.instances().stream().map(supervisorFactory(properties, store, meters, clock)).toList());
	}

	private static Function<ConfiguredInstance, AdapterSupervisor> supervisorFactory(AdaptersProperties properties,
			StateStore store, ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
		// Read once: the reconnection settings need a restart, also for instances added
		// by
		// a reload
		AdaptersProperties.Reconnect reconnect = properties.getReconnect();
		ReconnectPolicy policy = new ReconnectPolicy(reconnect.getInitialDelay(), reconnect.getMaxDelay(),
				reconnect.getMultiplier(), reconnect.getJitter());
		MeterRegistry registry = meters.getIfAvailable(CompositeMeterRegistry::new);
		Clock statusClock = clock.getIfAvailable(Clock::systemUTC);
		return (instance) -> new AdapterSupervisor(instance.config(), instance.adapter(), instance.enabled(), store,
				policy, instance.watchdogTimeout(), registry, statusClock);
	}

	@Bean
	@ConditionalOnMissingBean
	CommandAuditLog commandAuditLog(AdaptersProperties properties, ObjectProvider<StateProperties> state,
			ObjectProvider<JsonMapper> jsonMapper) {
		String configured = properties.getAudit().getFile();
		Path file = (configured != null && !configured.isBlank()) ? Path.of(configured)
				: state.getIfAvailable(StateProperties::new).getDataDir().resolve("adapters").resolve("commands.jsonl");
		return new CommandAuditLog(file, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				properties.getAudit().getMaxEntries());
	}

	@Bean
	@ConditionalOnMissingBean
	CommandExecutor commandExecutor(AdapterSupervisors supervisors, ConfiguredAdapters adapters, StateStore store,
			CommandAuditLog audit, AdaptersProperties properties, ObjectProvider<Clock> clock) {
		CommandExecutor executor = new CommandExecutor(supervisors, adapters.interlocks(), store, audit,
				properties.getCommandTimeout(), clock.getIfAvailable(Clock::systemUTC));
		supervisors.supervisors().forEach((supervisor) -> supervisor.setSafeStateListener(executor));
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	InterlockMonitor interlockMonitor(ConfiguredAdapters adapters, StateStore store, CommandExecutor executor) {
		return new InterlockMonitor(adapters.interlocks(), store, executor);
	}

	@Bean
	@ConditionalOnMissingBean
	AdaptersConfigurationCheck adaptersConfigurationCheck(AdapterRegistry registry,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new AdaptersConfigurationCheck(registry, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	AdaptersReloader adaptersReloader(AdaptersProperties properties, AdapterRegistry registry,
			ObjectProvider<JsonMapper> jsonMapper, AdapterSupervisors supervisors, StateStore store,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock, CommandExecutor executor,
			InterlockMonitor monitor) {
		return new AdaptersReloader(properties, registry, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				supervisors, supervisorFactory(properties, store, meters, clock), executor, monitor,
				properties.getStopTimeout());
	}

	@Bean
	AdaptersComponent adaptersComponent(AdapterSupervisors supervisors, AdaptersProperties properties,
			CommandAuditLog audit, CommandExecutor executor, InterlockMonitor monitor) {
		return new AdaptersComponent(supervisors, properties.getStopTimeout(),
				List.of(new AdaptersComponent.Participant() {

					@Override
					public void beforeConnect() {
						audit.open();
					}

					@Override
					public void afterDisconnect() {
						executor.stop();
						audit.close();
					}

				}, new AdaptersComponent.Participant() {

					@Override
					public void afterConnect() {
						monitor.start();
					}

					@Override
					public void beforeDisconnect() {
						monitor.stop();
					}

				}));
	}

	@Bean
	@ConditionalOnClass(CompositeReactiveHealthContributor.class)
	@ConditionalOnMissingBean(name = "adaptersHealthContributor")
	CompositeReactiveHealthContributor adaptersHealthContributor(AdapterSupervisors supervisors) {
		return new AdapterHealthContributor(supervisors);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class AdapterRoutesConfiguration {

		private static final String PROBLEM_JSON = "application/problem+json";

		@Bean
		@ConditionalOnMissingBean
		AdapterHandler adapterHandler(AdapterRegistry registry, AdapterSupervisors supervisors, StateStore store) {
			return new AdapterHandler(registry, supervisors, store);
		}

		@Bean
		@ConditionalOnMissingBean
		CommandHandler commandHandler(CommandExecutor executor, CommandAuditLog audit) {
			return new CommandHandler(executor, audit);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/adapters", method = RequestMethod.GET, beanClass = AdapterHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listAdapters",
								summary = "List adapter types and instances with their status", tags = "adapters",
								responses = @ApiResponse(responseCode = "200", description = "Types and instances",
										content = @Content(mediaType = "application/json",
												schema = @Schema(
														implementation = AdapterHandler.AdapterOverview.class))))),
				@RouterOperation(path = "/adapters/{id}", method = RequestMethod.GET, beanClass = AdapterHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getAdapter", summary = "Get an adapter instance",
								tags = "adapters",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Instance id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The instance",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = AdapterInstanceStatus.class))),
										@ApiResponse(responseCode = "404", description = "No such instance",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/adapters/{id}/reconnect", method = RequestMethod.POST,
						beanClass = AdapterHandler.class, beanMethod = "reconnect",
						operation = @Operation(operationId = "reconnectAdapter",
								summary = "Close an instance's connection and connect again",
								description = "Answers after the attempt with the instance's status.",
								tags = "adapters",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Instance id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "Status after the attempt",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = AdapterInstanceStatus.class))),
										@ApiResponse(responseCode = "404", description = "No such instance",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409", description = "The instance is disabled",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/devices", method = RequestMethod.GET, beanClass = AdapterHandler.class,
						beanMethod = "devices",
						operation = @Operation(operationId = "listDevices",
								summary = "List devices with their points and current values", tags = "devices",
								responses = @ApiResponse(responseCode = "200", description = "The devices",
										content = @Content(mediaType = "application/json",
												schema = @Schema(
														implementation = AdapterHandler.DeviceDescription.class))))),
				@RouterOperation(path = "/devices/{id}", method = RequestMethod.GET, beanClass = AdapterHandler.class,
						beanMethod = "device",
						operation = @Operation(operationId = "getDevice",
								summary = "Get a device with its points' current values and quality", tags = "devices",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Device id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The device",
												content = @Content(mediaType = "application/json", schema = @Schema(
														implementation = AdapterHandler.DeviceDescription.class))),
										@ApiResponse(responseCode = "404", description = "No such device",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> adapterRoutes(AdapterHandler handler) {
			return AdapterRoutes.create(handler);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/devices/{id}/points/{point}", method = RequestMethod.POST,
						beanClass = CommandHandler.class, beanMethod = "write",
						operation = @Operation(operationId = "writePoint", summary = "Write a value to an output",
								description = "Checks the value against the point's type and limits, refuses a "
										+ "command id already used, checks the output's interlocks, writes, reads "
										+ "back and audits. Answers once the command has a final status. A "
										+ "command id sent again returns the first command's result.",
								tags = "commands",
								parameters = {
										@Parameter(name = "id", in = ParameterIn.PATH, required = true,
												description = "Device id"),
										@Parameter(name = "point", in = ParameterIn.PATH, required = true,
												description = "Point name") },
								requestBody = @RequestBody(required = true,
										description = "{\"value\": <value>, \"commandId\": \"<optional id>\"}",
										content = @Content(mediaType = "application/json")),
								responses = {
										@ApiResponse(responseCode = "200", description = "Confirmed by read-back",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = Command.class))),
										@ApiResponse(responseCode = "400",
												description = "Malformed body, or a value of the wrong type or "
														+ "out of limits",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No such device or point",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "409",
												description = "Read-only point, command id used for another "
														+ "command, or rejected by an interlock (with the reason)",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "502",
												description = "The write failed or the read-back differed",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "504",
												description = "Not confirmed within library.adapters.command-timeout",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/commands", method = RequestMethod.GET, beanClass = CommandHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listCommands",
								summary = "List the audit trail of commands, newest first", tags = "commands",
								parameters = {
										@Parameter(name = "device", in = ParameterIn.QUERY,
												description = "Only commands to this device"),
										@Parameter(name = "since", in = ParameterIn.QUERY,
												description = "ISO-8601 instant: only commands received at or after it"),
										@Parameter(name = "limit", in = ParameterIn.QUERY,
												description = "Largest number of commands, 1 to 1000 (default 100)") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The commands",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = Command.class))),
										@ApiResponse(responseCode = "400", description = "Invalid parameter",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/commands/{id}", method = RequestMethod.GET, beanClass = CommandHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getCommand", summary = "Get a command and its outcome",
								tags = "commands",
								parameters = @Parameter(name = "id", in = ParameterIn.PATH, required = true,
										description = "Command id"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The command",
												content = @Content(mediaType = "application/json",
														schema = @Schema(implementation = Command.class))),
										@ApiResponse(responseCode = "404", description = "No such command",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> commandRoutes(CommandHandler handler) {
			return CommandRoutes.create(handler);
		}

		@Bean
		RouteAccess adapterRouteAccess() {
			return RouteAccess.of("adapters")
				.read("/adapters", "/adapters/*", "/devices", "/devices/*", "/commands", "/commands/*")
				.allow(HttpMethod.POST, Role.OPERATOR, "/devices/*/points/*")
				.allow(HttpMethod.POST, Role.ADMIN, "/adapters/*/reconnect")
				.build();
		}

	}

}
