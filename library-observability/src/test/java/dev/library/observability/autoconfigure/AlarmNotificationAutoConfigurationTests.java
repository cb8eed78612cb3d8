package dev.library.observability.autoconfigure;

import java.time.Duration;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmState;
import dev.library.observability.alarm.notification.FloodStateRecorder;
import dev.library.observability.alarm.notification.NotificationDispatcher;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AlarmNotificationAutoConfiguration}: the flood alarm, and the TLS of
 * webhook channels from SSL bundles.
 *
 * @author Library
 */
class AlarmNotificationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class, AlarmAutoConfiguration.class,
				AlarmNotificationAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("library.state.persistence=memory", "library.alarms.evaluation-interval=20ms");

	private final ApplicationContextRunner webhookRunner = this.contextRunner.withPropertyValues(
			"library.alarms.notifications.channels[0].name=ops",
			"library.alarms.notifications.channels[0].type=webhook",
			"library.alarms.notifications.channels[0].signing-key=a-shared-webhook-signing-key");

	@Test
	void aFloodInAnAreaIsAnAlarmOfItsOwnUntilTheAreaCalmsDown() {
		this.contextRunner.withPropertyValues("library.alarms.notifications.channels[0].name=journal",
				"library.alarms.notifications.channels[0].type=log", "library.alarms.notifications.flood.max-raised=2",
				"library.alarms.notifications.flood.window=2s", "library.alarms.definitions[0].name=north-high",
				"library.alarms.definitions[0].key=north.*.level", "library.alarms.definitions[0].type=hi",
				"library.alarms.definitions[0].limit=80", "library.alarms.definitions[0].area=north west")
			.run((context) -> {
				StateStore store = context.getBean(StateStore.class);
				AlarmEngine engine = context.getBean(AlarmEngine.class);
				for (int tank = 1; tank <= 3; tank++) {
					store
						.put("north.tank" + tank + ".level", JsonNodeFactory.instance.numberNode(95), "test",
								Quality.GOOD)
						.block(Duration.ofSeconds(10));
				}
				String flood = "alarm-flood." + FloodStateRecorder.PREFIX + ".north-west";
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(engine.alarm(flood)).get()
						.satisfies((alarm) -> assertThat(alarm.state()).isEqualTo(AlarmState.UNACK))
						.satisfies((alarm) -> assertThat(alarm.message()).contains("more than 2 alarms raised")));
				// the window passes without new alarms: the flood ends, its alarm returns
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(engine.alarm(flood)).get()
						.satisfies((alarm) -> assertThat(alarm.state()).isEqualTo(AlarmState.RTN_UNACK)));
			});
	}

	@Test
	void aWebhookWithAnSslBundleFollowsIt() {
		this.webhookRunner
			.withPropertyValues("library.alarms.notifications.channels[0].url=https://alarms.example/hook",
					"library.alarms.notifications.channels[0].ssl-bundle=webhook",
					"spring.ssl.bundle.pem.webhook.truststore.certificate=classpath:webhook-ca.crt")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(NotificationDispatcher.class));
	}

	@Test
	void anSslBundleOnAnHttpWebhookStopsStartUpNamingTheProperty() {
		this.webhookRunner
			.withPropertyValues("library.alarms.notifications.channels[0].url=http://alarms.example/hook",
					"library.alarms.notifications.channels[0].ssl-bundle=webhook")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("library.alarms.notifications.channels[0].ssl-bundle")
				.hasMessageContaining("https URL only"));
	}

	@Test
	void anUnknownSslBundleStopsStartUpNamingIt() {
		this.webhookRunner
			.withPropertyValues("library.alarms.notifications.channels[0].url=https://alarms.example/hook",
					"library.alarms.notifications.channels[0].ssl-bundle=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("'missing'")
				.hasMessageContaining("names no SSL bundle"));
	}

}
