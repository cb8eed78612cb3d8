package dev.library.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretRedactor}.
 *
 * @author Library
 */
class SecretRedactorTests {

	@ParameterizedTest
	@ValueSource(strings = { "library.database.password", "library.kafka.ssl.key-store-password",
			"library.kafka.ssl.keystore-password", "library.mqtt.client-secret", "library.vault.token",
			"library.hap.api-token", "library.cloud.credentials", "library.mtls.private-key", "library.weather.api-key",
			"library.weather.apiKey", "library.s3.access-key", "library.tls.passphrase", "library.http.authorization",
			"library.users[0].password", "library.mtls.private.key", "LIBRARY_WEATHER_API_KEY",
			"library.secrets.vault.role", "library.secrets.anything", "library.secrets.list[2]" })
	void secretLookingNamesAreSecret(String name) {
		assertThat(SecretRedactor.isSecret(name)).isTrue();
		assertThat(SecretRedactor.redact(name, "value")).isEqualTo(SecretRedactor.REDACTED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "library.core.stop-timeout", "library.enabled-components.kafka",
			"library.kafka.ssl.key-store-type", "library.password-policy.min-length", "library.token.enabled",
			"library.mtls.key", "library.secretsmanager.region", "library.config.watch-path" })
	void otherNamesAreNotSecret(String name) {
		assertThat(SecretRedactor.isSecret(name)).isFalse();
		assertThat(SecretRedactor.redact(name, "value")).isEqualTo("value");
	}

	@Test
	void passwordInAUriIsHiddenWhateverTheName() {
		assertThat(SecretRedactor.redact("library.database.url", "postgres://app:pa55@db:5432/library?ssl=true"))
			.isEqualTo("postgres://app:******@db:5432/library?ssl=true");
		assertThat(SecretRedactor.redact("library.kafka.bootstrap", "kafka://broker:9092"))
			.isEqualTo("kafka://broker:9092");
	}

	@Test
	void nullStaysNull() {
		assertThat(SecretRedactor.redact("library.database.password", null)).isNull();
	}

}
