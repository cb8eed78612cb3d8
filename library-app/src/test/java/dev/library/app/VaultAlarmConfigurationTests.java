package dev.library.app;

import java.nio.file.Path;
import java.time.Duration;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmState;
import dev.library.observability.autoconfigure.AlarmAutoConfiguration;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.vault.VaultHttpApiFixture;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultAlarmConfiguration}: with Vault on and no alarm configured, a
 * Vault that cannot be reached raises {@code vault-unreachable}, and the alarm clears
 * once Vault answers. Vault is {@link VaultHttpApiFixture}, a local server speaking
 * Vault's HTTP API (library-secrets' test jar), down at start then started.
 *
 * @author Library
 */
class VaultAlarmConfigurationTests {

	private final VaultHttpApiFixture vault = new VaultHttpApiFixture().startDown();

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class, AlarmAutoConfiguration.class,
				VaultAutoConfiguration.class, SecretsAutoConfiguration.class))
		.withUserConfiguration(VaultAlarmConfiguration.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("library.state.persistence=memory", "library.alarms.evaluation-interval=20ms");

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void withVaultOffThereIsNoVaultAlarm() {
		this.contextRunner.withPropertyValues("library.state.data-dir=" + this.dataDir)
			.run((context) -> assertThat(context.getBean(AlarmEngine.class).definitions())
				.extracting(AlarmDefinition::name)
				.doesNotContain(VaultAlarmConfiguration.NAME));
	}

	@Test
	void vaultDownShouldRaiseTheAlarmWithoutConfigurationAndVaultBackShouldClearIt() {
		this.contextRunner
			.withPropertyValues("library.state.data-dir=" + this.dataDir, "library.vault.enabled=true",
					"library.vault.uri=" + this.vault.uri(), "library.vault.token=" + VaultHttpApiFixture.ROOT_TOKEN,
					"library.vault.retry.initial-backoff=200ms", "library.vault.retry.max-backoff=500ms",
					"library.vault.check-interval=200ms", "library.vault.connect-timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AlarmEngine alarms = context.getBean(AlarmEngine.class);
				String id = VaultAlarmConfiguration.NAME + ".library.vault.reachable";
				await().atMost(Duration.ofSeconds(30))
					.until(() -> alarms.alarm(id).filter((alarm) -> alarm.state() == AlarmState.UNACK).isPresent());
				this.vault.start();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> alarms.alarm(id).filter((alarm) -> alarm.state() != AlarmState.UNACK).isPresent());
			});
	}

}
