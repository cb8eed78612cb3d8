package dev.library.kafka.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.adapters.command.Command;
import dev.library.adapters.command.CommandAuditLog;
import dev.library.adapters.command.CommandExecutor;
import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentLifecycleHook;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentStatus;
import dev.library.kafka.CloudEvent;
import dev.library.kafka.CloudEventRecords;
import dev.library.kafka.CommandRecordListener;
import dev.library.kafka.CommandSignature;
import dev.library.kafka.DeclaredTopic;
import dev.library.kafka.EventRoutes;
import dev.library.kafka.KafkaClients;
import dev.library.kafka.KafkaComponent;
import dev.library.kafka.KafkaEventPublisher;
import dev.library.kafka.KafkaHandler;
import dev.library.kafka.KafkaHealthIndicator;
import dev.library.kafka.KafkaNotificationChannel;
import dev.library.kafka.PublishCursor;
import dev.library.kafka.StateChangePublisher;
import dev.library.kafka.StateChangeTraces;
import dev.library.kafka.TopicAdministrator;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.notification.TopicNotificationChannelFactory;
import dev.library.observability.autoconfigure.AlarmAutoConfiguration;
import dev.library.security.RouteAccess;
import dev.library.state.DefaultStateStore;
import dev.library.state.StateComponent;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.state.autoconfigure.StateProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the kafka component: state changes, alarm transitions and command
 * results published as CloudEvents, commands consumed from a topic through the command
 * executor, the declared topics, {@code /kafka/topics}, {@code /kafka/info} and the
 * health. Connection settings come from Spring Boot's {@code spring.kafka.*}. Switched on
 * by {@code library.enabled-components.kafka}.
 *
 * @author Library
 */
@AutoConfiguration(after = { org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration.class,
		StateAutoConfiguration.class, AdaptersAutoConfiguration.class, AlarmAutoConfiguration.class })
@ConditionalOnLibraryComponent("kafka")
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(LibraryKafkaProperties.class)
public final class KafkaAutoConfiguration {

	private static final int EVENT_QUEUE_CAPACITY = 10_000;

	// Changes whose writer's trace is kept until they are sent
	private static final int TRACED_CHANGES = 10_000;

	@Bean
	@ConditionalOnMissingBean
	KafkaClients kafkaClients(ObjectProvider<ProducerFactory<?, ?>> producerFactory,
			ObjectProvider<ConsumerFactory<?, ?>> consumerFactory, ObjectProvider<KafkaAdmin> kafkaAdmin,
			ObjectProvider<KafkaProperties> kafkaProperties, LibraryKafkaProperties properties,
			ObjectProvider<ObservationRegistry> observations) {
		// Spring Boot's factories carry the connection details and the client metrics;
		// without its Kafka auto-configuration, spring.kafka.* defaults apply
		KafkaProperties kafka = kafkaProperties.getIfAvailable(KafkaProperties::new);
		return new KafkaClients(
				producerFactory
					.getIfAvailable(() -> new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties())),
				consumerFactory
					.getIfAvailable(() -> new DefaultKafkaConsumerFactory<>(kafka.buildConsumerProperties())),
				kafkaAdmin.getIfAvailable(() -> new KafkaAdmin(kafka.buildAdminProperties()))
					.getConfigurationProperties(),
				properties.getClientId(), properties.getCommands().getGroupId(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	EventRoutes kafkaEventRoutes(LibraryKafkaProperties properties) {
		return new EventRoutes(properties.getRoutes()
			.stream()
			.map((route) -> new EventRoutes.Rule(route.getTopic(), route.getStatePrefixes(), route.getEventTypes()))
			.toList());
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaEventPublisher kafkaEventPublisher(KafkaClients clients, EventRoutes routes, LibraryKafkaProperties properties,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<AlarmEventPublisher> alarms, ObjectProvider<CommandAuditLog> commands) {
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		KafkaEventPublisher publisher = new KafkaEventPublisher(clients.template(),
				new CloudEventRecords(mapper, properties.getCloudEvents().getMode(),
						properties.getCloudEvents().getSource()),
				routes, EVENT_QUEUE_CAPACITY, registry.getIfAvailable(SimpleMeterRegistry::new));
		if (properties.getPublish().isEnabled()) {
			alarms.ifAvailable((alarmEvents) -> alarmEvents.addListener((transition,
					alarm) -> publisher.publish(new CloudEvent(
							"alarm-" + transition.alarmId() + "-" + transition.at().toEpochMilli() + "-"
									+ transition.sequence(),
							CloudEvent.ALARM_TRANSITIONED, transition.alarmId(), transition.at(), transition.alarmId(),
							mapper.valueToTree(Map.of("transition", transition, "alarm", alarm))))));
			commands.ifAvailable((audit) -> audit.addListener((command) -> {
				if (command.status().isFinal()) {
					publisher.publish(commandEvent(command, mapper));
				}
			}));
		}
		return publisher;
	}

	@Bean
	@ConditionalOnMissingBean
	TopicNotificationChannelFactory kafkaNotificationChannels(KafkaEventPublisher publisher,
			ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		return (name, topic, timeout) -> new KafkaNotificationChannel(name, topic, timeout, publisher, mapper);
	}

	private static CloudEvent commandEvent(Command command, JsonMapper mapper) {
		return new CloudEvent("command-" + command.id() + "-" + command.status(), CloudEvent.COMMAND_COMPLETED,
				command.id(), (command.completedAt() != null) ? command.completedAt() : command.requestedAt(),
				command.device(), mapper.valueToTree(command));
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaComponent kafkaComponent(KafkaClients clients, KafkaEventPublisher eventPublisher, EventRoutes routes,
			LibraryKafkaProperties properties, ObjectProvider<StateStore> stateStore,
			ObjectProvider<StateProperties> state, ObjectProvider<CommandExecutor> commandExecutor,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<ComponentRegistry> components, ObjectProvider<ObservationRegistry> observations) {
		StateStore store = stateStore.getIfAvailable();
		CommandExecutor executor = commandExecutor.getIfAvailable();
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
		LibraryKafkaProperties.Publish publish = properties.getPublish();
		StateChangePublisher statePublisher = null;
		if (store != null && publish.isEnabled() && routes.routesState()) {
			Path cursorFile = (publish.getCursorFile() != null && !publish.getCursorFile().isBlank())
					? Path.of(publish.getCursorFile())
					: state.getIfAvailable(StateProperties::new)
						.getDataDir()
						.resolve("kafka")
						.resolve("publish-cursor");
			StateChangeTraces traces = null;
			ObservationRegistry observationRegistry = observations.getIfAvailable();
			if (observationRegistry != null && !observationRegistry.isNoop()
					&& store instanceof DefaultStateStore writable) {
				traces = new StateChangeTraces(observationRegistry, TRACED_CHANGES);
				writable.addWriteListener(traces);
			}
			statePublisher = new StateChangePublisher(store, eventPublisher, new PublishCursor(cursorFile), traces,
					publish.getRetryDelay(), publish.getMaxRetryDelay(), meters);
		}
		LibraryKafkaProperties.Commands commands = properties.getCommands();
		KafkaMessageListenerContainer<String, byte[]> container = null;
		if (executor != null && commands.isEnabled()) {
			String secret = commands.getSigningSecret();
			CommandRecordListener listener = new CommandRecordListener(executor,
					(secret != null && !secret.isBlank()) ? new CommandSignature(secret) : null, clients.template(),
					mapper, commands.getDeadLetterTopic(), (int) commands.getMaxRecordSize().toBytes(),
					commands.getTimeout(), meters);
			ContainerProperties containerProperties = new ContainerProperties(commands.getTopic());
			containerProperties.setGroupId(commands.getGroupId());
			containerProperties.setClientId(clients.clientIds().get("consumer"));
			containerProperties.setAckMode(ContainerProperties.AckMode.RECORD);
			containerProperties.setMessageListener(listener);
			clients.observe(containerProperties);
			container = new KafkaMessageListenerContainer<>(clients.consumerFactory(), containerProperties);
			// Only a failed dead-letter send reaches the error handler: the record is
			// read
			// again until it is executed or dead-lettered, never skipped
			container.setCommonErrorHandler(
					new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
			container.setAutoStartup(false);
		}
		List<DeclaredTopic> topics = properties.getTopics()
			.stream()
			.map((topic) -> new DeclaredTopic(topic.getName(), topic.getPartitions(), topic.getReplicationFactor(),
					topic.getRetention(), topic.getCleanupPolicy()))
			.toList();
		Duration timeout = properties.getOperationTimeout();
		return new KafkaComponent(() -> new TopicAdministrator(clients.openAdmin(), topics, timeout),
				properties.isCreateTopics(), statePublisher, eventPublisher, container, Duration.ofSeconds(10),
				properties.getHealthCheckInterval(), components::getIfAvailable);
	}

	@Bean
	ComponentLifecycleHook kafkaFirstStartHook(ObjectProvider<KafkaComponent> component) {
		// A first start publishes from the moment the state store runs: the changes the
		// adapters write while the other components start are published too
		return new ComponentLifecycleHook() {

			@Override
			public void afterStart(ComponentStatus status) {
				KafkaComponent kafka = component.getIfAvailable();
				StateChangePublisher publisher = (kafka != null) ? kafka.statePublisher() : null;
				if (publisher != null && StateComponent.DESCRIPTOR.name().equals(status.name())) {
					publisher.markFirstStart();
				}
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "kafkaHealthIndicator")
	KafkaHealthIndicator kafkaHealthIndicator(ObjectProvider<KafkaComponent> component,
			LibraryKafkaProperties properties) {
		return new KafkaHealthIndicator(component, properties.getOperationTimeout());
	}

	@Bean
	RouteAccess kafkaRouteAccess() {
		return RouteAccess.of("kafka").read("/kafka/topics", "/kafka/info").build();
	}

	/**
	 * The routes, in a reactive web application.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class KafkaWebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KafkaHandler kafkaHandler(KafkaComponent component, KafkaClients clients, EventRoutes routes,
				LibraryKafkaProperties properties, KafkaProperties kafka,
				ObjectProvider<KafkaConnectionDetails> connectionDetails) {
			List<String> servers = connectionDetails.getIfAvailable(() -> kafka::getBootstrapServers)
				.getBootstrapServers();
			LibraryKafkaProperties.Commands commands = properties.getCommands();
			return new KafkaHandler(component,
					new KafkaHandler.Settings(servers, clients.clientIds(), properties.getCloudEvents().getMode(),
							routesOf(properties), commands.isEnabled(), commands.getTopic(),
							commands.getDeadLetterTopic(), commands.getGroupId()));
		}

		private static List<EventRoutes.Rule> routesOf(LibraryKafkaProperties properties) {
			return properties.getRoutes()
				.stream()
				.map((route) -> new EventRoutes.Rule(route.getTopic(), route.getStatePrefixes(), route.getEventTypes()))
				.toList();
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/kafka/topics", method = RequestMethod.GET, beanClass = KafkaHandler.class,
						beanMethod = "topics",
						operation = @Operation(operationId = "kafkaTopics", summary = "List the Kafka topics",
								description = "The declared topics and the other topics of the cluster, with their "
										+ "partitions, replication factor, retention and cleanup policy, and the "
										+ "differences between declaration and broker (drift). Needs the viewer role.",
								tags = "kafka",
								responses = { @ApiResponse(responseCode = "200", description = "The topics",
										content = @Content(mediaType = "application/json",
												array = @ArraySchema(schema = @Schema(
														implementation = TopicAdministrator.TopicReport.class)))),
										@ApiResponse(responseCode = "503",
												description = "The broker cannot be reached") })),
				@RouterOperation(path = "/kafka/info", method = RequestMethod.GET, beanClass = KafkaHandler.class,
						beanMethod = "info",
						operation = @Operation(operationId = "kafkaInfo", summary = "Describe the Kafka connection",
								description = "Bootstrap servers, cluster, client ids, CloudEvents mode, routing "
										+ "rules, publishing (acknowledged sequence, pending changes) and the command "
										+ "consumer's lag. Never credentials. Needs the viewer role.",
								tags = "kafka",
								responses = @ApiResponse(responseCode = "200", description = "The description",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = KafkaHandler.InfoView.class))))) })
		RouterFunction<ServerResponse> kafkaRoutes(KafkaHandler handler) {
			return RouterFunctions.route()
				.GET("/kafka/topics", handler::topics)
				.GET("/kafka/info", handler::info)
				.build();
		}

	}

}
