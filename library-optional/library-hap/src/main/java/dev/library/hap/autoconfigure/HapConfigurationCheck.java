package dev.library.hap.autoconfigure;

import java.util.List;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.autoconfigure.AdaptersConfigurationException;
import dev.library.adapters.autoconfigure.AdaptersProperties;
import dev.library.config.ConfigurationCheck;
import dev.library.config.ConfigurationError;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks the HomeKit accessories of a new version of the watched configuration file as at
 * start-up (ids, one source each, points that exist among the adapters of the same
 * version, outputs behind switches, unique aids), so that a bad edit is rejected whole
 * and the bridge keeps its accessories.
 *
 * @author Library
 */
class HapConfigurationCheck implements ConfigurationCheck {

	private final AdapterRegistry registry;

	private final JsonMapper mapper;

	HapConfigurationCheck(AdapterRegistry registry, JsonMapper mapper) {
		this.registry = registry;
		this.mapper = mapper;
	}

	@Override
	public List<ConfigurationError> check(Candidate candidate) {
		HapProperties properties = candidate.properties(HapProperties.class).orElse(null);
		AdaptersProperties adapters = candidate.properties(AdaptersProperties.class).orElse(null);
		if (properties == null || adapters == null) {
			return List.of();
		}
		HapAccessoryDefinitions.Points points;
		try {
			points = HapAccessoryDefinitions.points(adapters, this.registry, this.mapper);
		}
		catch (AdaptersConfigurationException ex) {
			// The adapters' own check reports it
			return List.of();
		}
		try {
			HapAccessoryDefinitions.of(properties, points);
			return List.of();
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			return List.of(new ConfigurationError(ex.getName(),
					(ex.getValue() != null) ? ex.getValue().toString() : null, ex.getReason()));
		}
	}

}
