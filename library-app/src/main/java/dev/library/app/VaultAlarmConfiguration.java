package dev.library.app;

import java.time.Duration;
import java.util.Set;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.vault.VaultReachabilityState;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The alarm raised while Vault cannot be reached, with no configuration: the
 * {@code vault} component writes {@code library.vault.reachable} with quality BAD then,
 * and this definition watches it. It lives in the application because library-secrets and
 * library-observability do not depend on each other. A definition of the same name in
 * {@code library.alarms.definitions} replaces it.
 *
 * @author Library
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("library.vault.enabled")
class VaultAlarmConfiguration {

	static final String NAME = "vault-unreachable";

	@Bean
	AlarmDefinition vaultUnreachableAlarm() {
		return new AlarmDefinition(NAME, VaultReachabilityState.KEY, AlarmConditionType.BAD_QUALITY, null, 0, null,
				Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR,
				"Vault cannot be reached: cached secrets are served for library.vault.cache-grace-period, then refused",
				null, Set.of("security", "vault"), null, null);
	}

}
