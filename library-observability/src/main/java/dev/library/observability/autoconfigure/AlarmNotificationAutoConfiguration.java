package dev.library.observability.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.library.core.component.LibraryComponent;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.notification.AlarmEscalator;
import dev.library.observability.alarm.notification.AlarmNotificationsComponent;
import dev.library.observability.alarm.notification.ChannelSubscription;
import dev.library.observability.alarm.notification.EmailNotificationChannel;
import dev.library.observability.alarm.notification.FloodPolicy;
import dev.library.observability.alarm.notification.FloodStateRecorder;
import dev.library.observability.alarm.notification.LogNotificationChannel;
import dev.library.observability.alarm.notification.NotificationChannel;
import dev.library.observability.alarm.notification.NotificationDispatcher;
import dev.library.observability.alarm.notification.NotificationHandler;
import dev.library.observability.alarm.notification.TopicNotificationChannelFactory;
import dev.library.observability.alarm.notification.WebhookNotificationChannel;
import dev.library.observability.alarm.notification.WebhookSignature;
import dev.library.security.tls.SslBundleClientHttpConnector;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of alarm notifications: the channels of
 * {@code library.alarms.notifications}, the {@link NotificationDispatcher} told of every
 * alarm transition, the {@link AlarmEscalator} and {@code GET /alarms/notifications}.
 *
 * @author Library
 */
@AutoConfiguration(after = AlarmAutoConfiguration.class)
@ConditionalOnBean(AlarmEngine.class)
@EnableConfigurationProperties(AlarmNotificationProperties.class)
public final class AlarmNotificationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NotificationDispatcher notificationDispatcher(AlarmNotificationProperties properties, AlarmEventPublisher publisher,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Clock> clock, StateStore store,
			ObjectProvider<JavaMailSender> mailSender, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<TopicNotificationChannelFactory> topicChannels) {
		properties.checkChannels();
		Clock clockToUse = clock.getIfAvailable(Clock::systemUTC);
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		ObservationRegistry observations = observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP);
		// Only webhooks need an HTTP client: none is built (nor its classes loaded)
		// without
		SingletonSupplier<WebClient> webClient = SingletonSupplier
			.of(() -> webClient(new ReactorClientHttpConnector(HttpClient.create()), observations));
		List<NotificationChannel> channels = new ArrayList<>();
		List<ChannelSubscription> subscriptions = new ArrayList<>();
		for (AlarmNotificationProperties.Channel channel : properties.getChannels()) {
			NotificationChannel created = switch (channel.getType()) {
				case WEBHOOK -> new WebhookNotificationChannel(channel.getName(), channel.getUrl(),
						new WebhookSignature(channel.getSigningKey().getBytes(StandardCharsets.UTF_8)),
						channel.getTimeout(), (channel.getSslBundle() != null)
								? webClient(tlsConnector(sslBundles, channel), observations) : webClient.obtain(),
						mapper, clockToUse);
				case EMAIL -> new EmailNotificationChannel(channel.getName(), mailSender(mailSender, channel),
						channel.getFrom(), channel.getTo(), channel.getTimeout());
				case KAFKA -> topicChannels(topicChannels, channel).create(channel.getName(), channel.getTopic(),
						channel.getTimeout());
				case LOG -> new LogNotificationChannel(channel.getName());
				case null -> throw new IllegalStateException("Checked above");
			};
			channels.add(created);
			subscriptions.add(new ChannelSubscription(created, EnumSet.copyOf(channel.getEvents()),
					channel.severitySet(), new LinkedHashSet<>(channel.getAreas())));
		}
		NotificationDispatcher dispatcher = new NotificationDispatcher(channels, subscriptions,
				properties.toDeliveryPolicy(), properties.toFloodPolicy(), clockToUse,
				meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
		publisher.addListener(dispatcher);
		dispatcher.addFloodListener(new FloodStateRecorder(store));
		return dispatcher;
	}

	/**
	 * The flood alarm: one per area, active while the area floods (more than
	 * {@code library.alarms.notifications.flood.max-raised} alarms raised within the
	 * window), from the keys the {@link FloodStateRecorder} writes.
	 * @param properties the properties
	 * @return the definition
	 */
	@Bean
	AlarmDefinition alarmFloodDefinition(AlarmNotificationProperties properties) {
		FloodPolicy policy = properties.toFloodPolicy();
		return new AlarmDefinition("alarm-flood", FloodStateRecorder.PREFIX + ".*", AlarmConditionType.EQUALS, null, 0,
				"true", Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR,
				"Alarm flood ({key}): more than " + policy.maxRaised() + " alarms raised in one area within "
						+ policy.window() + "; their notifications are held back",
				null, Set.of("flood"), null, null);
	}

	// Spans for every delivery through the observation registry.
	private static WebClient webClient(ClientHttpConnector connector, ObservationRegistry observations) {
		return WebClient.builder().clientConnector(connector).observationRegistry(observations).build();
	}

	private static ClientHttpConnector tlsConnector(ObjectProvider<SslBundles> sslBundles,
			AlarmNotificationProperties.Channel channel) {
		String bundle = channel.getSslBundle();
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundle == null || bundles == null) {
			throw new InvalidConfigurationPropertyValueException("library.alarms.notifications.channels.ssl-bundle",
					bundle, "SSL bundles are not available");
		}
		try {
			return new SslBundleClientHttpConnector(bundles, bundle, HttpClient.create());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException("library.alarms.notifications.channels.ssl-bundle",
					bundle, "The webhook channel '" + channel.getName() + "' names no SSL bundle declared under "
							+ "spring.ssl.bundle.pem or spring.ssl.bundle.jks");
		}
	}

	private static JavaMailSender mailSender(ObjectProvider<JavaMailSender> mailSender,
			AlarmNotificationProperties.Channel channel) {
		JavaMailSender sender = mailSender.getIfAvailable();
		if (sender == null) {
			throw new InvalidConfigurationPropertyValueException("spring.mail.host", null,
					"The e-mail channel '" + channel.getName() + "' needs an SMTP server: set spring.mail.host "
							+ "(and spring.mail.port, spring.mail.username, spring.mail.password as needed)");
		}
		return sender;
	}

	private static TopicNotificationChannelFactory topicChannels(
			ObjectProvider<TopicNotificationChannelFactory> topicChannels,
			AlarmNotificationProperties.Channel channel) {
		TopicNotificationChannelFactory factory = topicChannels.getIfAvailable();
		if (factory == null) {
			throw new InvalidConfigurationPropertyValueException("library.enabled-components.kafka", null,
					"The kafka channel '" + channel.getName() + "' needs the kafka component: set "
							+ "library.enabled-components.kafka=true and spring.kafka.bootstrap-servers");
		}
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	AlarmEscalator alarmEscalator(AlarmEngine engine, AlarmNotificationProperties properties,
			NotificationDispatcher dispatcher, ObjectProvider<Clock> clock) {
		return new AlarmEscalator(engine, properties.toEscalationSteps(), dispatcher,
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	LibraryComponent alarmNotificationsComponent(NotificationDispatcher dispatcher, AlarmEscalator escalator,
			AlarmProperties alarmProperties) {
		return new AlarmNotificationsComponent(dispatcher, escalator, alarmProperties.getEvaluationInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class NotificationRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NotificationHandler notificationHandler(NotificationDispatcher dispatcher) {
			return new NotificationHandler(dispatcher);
		}

		// before the alarm routes, whose /alarms/{id} would take the path otherwise
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 1)
		@RouterOperations({ @RouterOperation(path = "/alarms/notifications", method = RequestMethod.GET,
				beanClass = NotificationHandler.class, beanMethod = "describe",
				operation = @Operation(operationId = "getAlarmNotifications",
						summary = "Notification channels and the latest dead letters", tags = "alarms",
						responses = @ApiResponse(responseCode = "200",
								description = "Channel names and up to 100 dead letters, newest first"))) })
		RouterFunction<ServerResponse> alarmNotificationRoutes(NotificationHandler handler) {
			return RouterFunctions.route().GET("/alarms/notifications", handler::describe).build();
		}

	}

}
