package dev.library.observability.autoconfigure;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.observability.alarm.notification.NotificationDispatcher;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlarmNotificationAutoConfiguration}: the TLS of webhook channels from
 * SSL bundles.
 *
 * @author Library
 */
class AlarmNotificationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class, AlarmAutoConfiguration.class,
				AlarmNotificationAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("library.state.persistence=memory", "library.alarms.notifications.channels[0].name=ops",
				"library.alarms.notifications.channels[0].type=webhook",
				"library.alarms.notifications.channels[0].signing-key=a-shared-webhook-signing-key");

	@Test
	void aWebhookWithAnSslBundleFollowsIt() {
		this.contextRunner
			.withPropertyValues("library.alarms.notifications.channels[0].url=https://alarms.example/hook",
					"library.alarms.notifications.channels[0].ssl-bundle=webhook",
					"spring.ssl.bundle.pem.webhook.truststore.certificate=classpath:webhook-ca.crt")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(NotificationDispatcher.class));
	}

	@Test
	void anSslBundleOnAnHttpWebhookStopsStartUpNamingTheProperty() {
		this.contextRunner
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
		this.contextRunner
			.withPropertyValues("library.alarms.notifications.channels[0].url=https://alarms.example/hook",
					"library.alarms.notifications.channels[0].ssl-bundle=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("'missing'")
				.hasMessageContaining("names no SSL bundle"));
	}

}
