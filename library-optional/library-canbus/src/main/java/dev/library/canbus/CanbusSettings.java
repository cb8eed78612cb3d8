package dev.library.canbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.dbc.Database;
import dev.library.canbus.dbc.DbcException;
import dev.library.canbus.dbc.DbcParser;
import org.springframework.boot.convert.DurationStyle;

/**
 * The settings of a CAN bus adapter instance that every transport shares, read from
 * {@code library.adapters.instances[].settings}:
 * <ul>
 * <li>{@code dbc}: DBC files, separated by commas;</li>
 * <li>{@code interface}: the interface name in state keys (default: the
 * transport's);</li>
 * <li>{@code signal-keys}: the state-key pattern (default
 * {@code library.canbus.signal-keys});</li>
 * <li>{@code publish-signals}: whether every decoded signal goes to the state store
 * (default {@code library.canbus.publish-signals});</li>
 * <li>{@code liveness-factor}: how many cycle times a message may be missing (default
 * {@code library.canbus.liveness-factor});</li>
 * <li>{@code cycle-times}: cycle times of messages the DBC gives none for,
 * {@code NAME=100ms,OTHER=1s}; these messages are expected from the start.</li>
 * </ul>
 *
 * @param databases the loaded databases
 * @param interfaceName the interface name, or {@code null} for the transport's
 * @param keys the state-key rule
 * @param publishSignals whether decoded signals go to the publisher
 * @param livenessFactor the number of cycle times a message may be missing
 * @param cycleTimes cycle times given in the settings, by message name
 * @author Library
 */
public record CanbusSettings(List<Database> databases, @org.jspecify.annotations.Nullable String interfaceName,
		SignalKeys keys, boolean publishSignals, double livenessFactor, Map<String, Duration> cycleTimes) {

	/**
	 * Read the shared settings, loading the DBC files.
	 * @param config the instance configuration
	 * @param defaults the defaults from {@code library.canbus.*}
	 * @return the settings
	 * @throws AdapterConfigurationException naming the setting that is wrong
	 */
	public static CanbusSettings of(AdapterConfig config, CanbusDefaults defaults) {
		Map<String, String> settings = config.settings();
		List<Database> databases = new ArrayList<>();
		String dbc = settings.getOrDefault("dbc", "");
		for (String file : dbc.split(",")) {
			if (!file.isBlank()) {
				databases.add(load(config, Path.of(file.strip())));
			}
		}
		SignalKeys keys;
		try {
			keys = new SignalKeys(settings.getOrDefault("signal-keys", defaults.signalKeys()));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(config, "signal-keys", ex.getMessage());
		}
		double factor = defaults.livenessFactor();
		if (settings.containsKey("liveness-factor")) {
			try {
				factor = Double.parseDouble(settings.get("liveness-factor"));
			}
			catch (NumberFormatException ex) {
				factor = -1;
			}
			if (!(factor > 0)) {
				throw invalid(config, "liveness-factor",
						"must be a positive number, not " + settings.get("liveness-factor"));
			}
		}
		Map<String, Duration> cycleTimes = new LinkedHashMap<>();
		for (String entry : settings.getOrDefault("cycle-times", "").split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			try {
				cycleTimes.put(entry.substring(0, equals).strip(),
						DurationStyle.detectAndParse(entry.substring(equals + 1).strip()));
			}
			catch (RuntimeException ex) {
				throw invalid(config, "cycle-times",
						"expected NAME=DURATION (such as DI_torque2=10ms), not '" + entry.strip() + "'");
			}
		}
		String publish = settings.get("publish-signals");
		return new CanbusSettings(databases, settings.get("interface"), keys,
				(publish != null) ? Boolean.parseBoolean(publish) : defaults.publishSignals(), factor, cycleTimes);
	}

	private static Database load(AdapterConfig config, Path file) {
		if (!Files.isRegularFile(file)) {
			throw invalid(config, "dbc", "file " + file.toAbsolutePath() + " does not exist");
		}
		try {
			return DbcParser.parse(file);
		}
		catch (IOException ex) {
			throw invalid(config, "dbc", "file " + file + " cannot be read: " + ex.getMessage());
		}
		catch (DbcException ex) {
			throw invalid(config, "dbc", ex.getMessage());
		}
	}

	static AdapterConfigurationException invalid(AdapterConfig config, String setting, String reason) {
		return new AdapterConfigurationException(
				"Adapter '" + config.id() + "' setting '" + setting + "' is invalid: " + reason);
	}

	/**
	 * Defaults of the settings, from {@code library.canbus.*}.
	 *
	 * @param signalKeys the state-key pattern
	 * @param publishSignals whether decoded signals go to the state store
	 * @param livenessFactor the number of cycle times a message may be missing
	 * @param livenessCheckInterval how often liveness is checked
	 */
	public record CanbusDefaults(String signalKeys, boolean publishSignals, double livenessFactor,
			Duration livenessCheckInterval) {

		/**
		 * Return the defaults of a platform without properties.
		 * @return the defaults
		 */
		public static CanbusDefaults standard() {
			return new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(100));
		}

	}

}
