package dev.library.adapters.virtual;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a virtual plant, read from an instance's connection settings.
 *
 * @param seed seed of the random source (sensor noise)
 * @param initialLevel level of the tank at start, in percent
 * @param fillRate level gained per second while the pump runs, in percent
 * @param drainRate level lost per second with the valve fully open, in percent
 * @param initialTemperature mean temperature, in degrees Celsius
 * @param temperatureNoise standard deviation of the temperature noise, in kelvin
 * @param timeScale simulated seconds per real second
 * @param outputsFile file the plant writes its outputs to on every change, as a relay
 * board's LEDs would show them, or {@code null}
 * @author Library
 */
record PlantSettings(long seed, double initialLevel, double fillRate, double drainRate, double initialTemperature,
		double temperatureNoise, double timeScale, @Nullable Path outputsFile) {

	private static final Set<String> NAMES = Set.of("seed", "initial-level", "fill-rate", "drain-rate",
			"initial-temperature", "temperature-noise", "time-scale", "outputs-file");

	static PlantSettings of(AdapterConfig config) {
		Map<String, String> settings = config.settings();
		for (String name : settings.keySet()) {
			if (!NAMES.contains(name)) {
				throw new AdapterConfigurationException("Adapter '" + config.id() + "': unknown virtual plant setting '"
						+ name + "' (known: " + NAMES.stream().sorted().toList() + ")");
			}
		}
		String outputsFile = settings.get("outputs-file");
		return new PlantSettings((long) number(config, "seed", 42), number(config, "initial-level", 50),
				number(config, "fill-rate", 5), number(config, "drain-rate", 4),
				number(config, "initial-temperature", 20), number(config, "temperature-noise", 0.2),
				number(config, "time-scale", 1),
				(outputsFile != null && !outputsFile.isBlank()) ? Path.of(outputsFile) : null);
	}

	private static double number(AdapterConfig config, String name, double defaultValue) {
		String value = config.settings().get(name);
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		try {
			double parsed = Double.parseDouble(value.trim());
			if (Double.isFinite(parsed) && parsed >= 0) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new AdapterConfigurationException("Adapter '" + config.id() + "': setting '" + name
				+ "' must be a number of at least 0, got '" + value + "'");
	}

}
