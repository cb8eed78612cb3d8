package dev.library.adapters.autoconfigure;

import java.util.List;

import dev.library.adapters.AdapterRegistry;
import dev.library.config.ConfigurationCheck;
import dev.library.config.ConfigurationError;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the adapters of a new version of the watched configuration file as at start-up
 * (known types, unique ids, limits, safe values, interlocks), so that a bad edit is
 * rejected whole and the running instances keep running on the previous configuration.
 *
 * @author Library
 */
class AdaptersConfigurationCheck implements ConfigurationCheck {

	private final AdapterRegistry registry;

	private final JsonMapper mapper;

	AdaptersConfigurationCheck(AdapterRegistry registry, JsonMapper mapper) {
		this.registry = registry;
		this.mapper = mapper;
	}

	@Override
	public List<ConfigurationError> check(Candidate candidate) {
		AdaptersProperties properties = candidate.properties(AdaptersProperties.class).orElse(null);
		if (properties == null) {
			return List.of();
		}
		try {
			ConfiguredAdapters checked = ConfiguredAdapters.of(properties, this.registry, this.mapper);
			// Only checked: the adapters that run are created when the reload is applied
			checked.instances().forEach((instance) -> instance.adapter().close());
			return List.of();
		}
		catch (AdaptersConfigurationException ex) {
			return ex.getProblems().stream().map(AdaptersConfigurationCheck::error).toList();
		}
	}

	private static ConfigurationError error(String problem) {
		// Each problem reads "<property>: <reason>", or "<property>.<field>: <reason>"
		int separator = problem.indexOf(": ");
		if (separator < 0 || problem.indexOf(' ') < separator) {
			return new ConfigurationError(null, null, problem);
		}
		return new ConfigurationError(problem.substring(0, separator), null, problem.substring(separator + 2));
	}

}
