package dev.library.observability.autoconfigure;

import java.util.List;

import dev.library.config.ConfigurationCheck;
import dev.library.config.ConfigurationError;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks the alarm definitions of a new version of the watched configuration file exactly
 * as at start-up, so that a wrong one has the whole reload rejected and the running
 * definitions stay.
 *
 * @author Library
 */
class AlarmDefinitionsCheck implements ConfigurationCheck {

	@Override
	public List<ConfigurationError> check(Candidate candidate) {
		AlarmProperties properties = candidate.properties(AlarmProperties.class).orElse(null);
		if (properties == null) {
			return List.of();
		}
		try {
			properties.toAlarmDefinitions();
			return List.of();
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			return List.of(new ConfigurationError(ex.getName(), null, ex.getReason()));
		}
		catch (IllegalArgumentException ex) {
			return List.of(new ConfigurationError("library.alarms.definitions", null, ex.getMessage()));
		}
	}

}
