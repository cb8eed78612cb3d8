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
import org.jspecify.annotations.Nullable;

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
 * {@code NAME=100ms,OTHER=1s}; these messages are expected from the start;</li>
 * <li>{@code counters}: rolling counters, {@code MESSAGE.SIGNAL} (modulus 2^length) or
 * {@code MESSAGE.SIGNAL=16}; here and below a message is named, or given by id
 * ({@code 0x116.SIGNAL}) where two DBCs name different messages alike;</li>
 * <li>{@code checksums}: checksums, {@code MESSAGE.SIGNAL=crc8-j1850} (over every byte
 * that holds no checksum bit) or {@code MESSAGE.SIGNAL=xor:0-6} (over bytes 0 to 6);</li>
 * <li>{@code raw-frames}: the state-key prefix raw frames are written under (default
 * {@code library.canbus.raw-frames-prefix}; empty: none);</li>
 * <li>{@code cyclic-sends}: messages the platform sends periodically,
 * {@code NAME=100ms};</li>
 * <li>{@code cyclic-signals}: their signals, {@code MESSAGE.SIGNAL=42} (fixed) or
 * {@code MESSAGE.SIGNAL=state:plant.setpoint} (from a state key).</li>
 * </ul>
 *
 * @param databases the loaded databases
 * @param interfaceName the interface name, or {@code null} for the transport's
 * @param keys the state-key rule
 * @param publishSignals whether decoded signals go to the publisher
 * @param livenessFactor the number of cycle times a message may be missing
 * @param cycleTimes cycle times given in the settings, by message name
 * @param checks counter and checksum checks, by message name
 * @param rawFramesPrefix the state-key prefix of raw frames, or {@code null} for none
 * @param cyclicSends periods of the messages sent periodically, by message name
 * @param cyclicSignals values of their signals, by {@code MESSAGE.SIGNAL}: a fixed value
 * or {@code state:KEY}
 * @author Library
 */
public record CanbusSettings(List<Database> databases, @Nullable String interfaceName, SignalKeys keys,
		boolean publishSignals, double livenessFactor, Map<String, Duration> cycleTimes,
		Map<String, MessageCheckSpec> checks, @Nullable String rawFramesPrefix, Map<String, Duration> cyclicSends,
		Map<String, String> cyclicSignals) {

	/**
	 * Return these settings with other databases (an upload replacing one).
	 * @param replacement the databases
	 * @return the settings
	 */
	public CanbusSettings withDatabases(List<Database> replacement) {
		return new CanbusSettings(List.copyOf(replacement), this.interfaceName, this.keys, this.publishSignals,
				this.livenessFactor, this.cycleTimes, this.checks, this.rawFramesPrefix, this.cyclicSends,
				this.cyclicSignals);
	}

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
		Map<String, Duration> cycleTimes = durations(config, "cycle-times");
		Map<String, MessageCheckSpec> checks = new LinkedHashMap<>();
		for (String entry : entries(settings.get("counters"))) {
			String[] parts = entry.split("=", 2);
			String[] names = messageAndSignal(config, "counters", parts[0], "MESSAGE.SIGNAL or MESSAGE.SIGNAL=16");
			long modulus = 0;
			if (parts.length == 2) {
				modulus = positive(config, "counters", parts[1]);
			}
			MessageCheckSpec spec = checks.getOrDefault(names[0], MessageCheckSpec.NONE);
			checks.put(names[0], new MessageCheckSpec(names[1], modulus, spec.checksumSignal(), spec.algorithm(),
					spec.fromByte(), spec.toByte()));
		}
		for (String entry : entries(settings.get("checksums"))) {
			String expected = "MESSAGE.SIGNAL=crc8-j1850 or MESSAGE.SIGNAL=xor:0-6";
			String[] parts = entry.split("=", 2);
			String[] names = messageAndSignal(config, "checksums", parts[0], expected);
			if (parts.length < 2) {
				throw invalid(config, "checksums", "expected " + expected + ", not '" + entry + "'");
			}
			String[] algorithmAndBytes = parts[1].strip().split(":", 2);
			FrameChecksum algorithm = FrameChecksum.forName(algorithmAndBytes[0].strip());
			if (algorithm == null) {
				throw invalid(config, "checksums",
						"no checksum algorithm '" + algorithmAndBytes[0].strip() + "' (built in: crc8-j1850, xor)");
			}
			int from = -1;
			int to = -1;
			if (algorithmAndBytes.length == 2) {
				String[] range = algorithmAndBytes[1].split("-", 2);
				try {
					from = Integer.parseInt(range[0].strip());
					to = (range.length == 2) ? Integer.parseInt(range[1].strip()) : from;
				}
				catch (NumberFormatException ex) {
					from = -1;
				}
				if (from < 0 || to < from || to > 63) {
					throw invalid(config, "checksums", "expected a byte range such as 0-6 after the algorithm, not '"
							+ algorithmAndBytes[1] + "'");
				}
			}
			MessageCheckSpec spec = checks.getOrDefault(names[0], MessageCheckSpec.NONE);
			checks.put(names[0],
					new MessageCheckSpec(spec.counterSignal(), spec.modulus(), names[1], algorithm, from, to));
		}
		Map<String, Duration> cyclicSends = durations(config, "cyclic-sends");
		Map<String, String> cyclicSignals = new LinkedHashMap<>();
		for (String entry : entries(settings.get("cyclic-signals"))) {
			String[] parts = entry.split("=", 2);
			String expected = "MESSAGE.SIGNAL=VALUE or MESSAGE.SIGNAL=state:KEY";
			messageAndSignal(config, "cyclic-signals", parts[0], expected);
			if (parts.length < 2 || parts[1].isBlank()) {
				throw invalid(config, "cyclic-signals", "expected " + expected + ", not '" + entry + "'");
			}
			cyclicSignals.put(parts[0].strip(), parts[1].strip());
		}
		String publish = settings.get("publish-signals");
		String rawFrames = settings.getOrDefault("raw-frames", defaults.rawFramesPrefix()).strip();
		return new CanbusSettings(databases, settings.get("interface"), keys,
				(publish != null) ? Boolean.parseBoolean(publish) : defaults.publishSignals(), factor, cycleTimes,
				checks, rawFrames.isEmpty() ? null : rawFrames, cyclicSends, cyclicSignals);
	}

	private static List<String> entries(@Nullable String setting) {
		List<String> entries = new ArrayList<>();
		if (setting != null) {
			for (String entry : setting.split(",")) {
				if (!entry.isBlank()) {
					entries.add(entry.strip());
				}
			}
		}
		return entries;
	}

	private static Map<String, Duration> durations(AdapterConfig config, String setting) {
		Map<String, Duration> durations = new LinkedHashMap<>();
		for (String entry : entries(config.settings().get(setting))) {
			int equals = entry.indexOf('=');
			Duration duration;
			try {
				duration = DurationStyle.detectAndParse(entry.substring(equals + 1).strip());
			}
			catch (RuntimeException ex) {
				duration = null;
			}
			if (equals <= 0 || duration == null || duration.isNegative() || duration.isZero()) {
				throw invalid(config, setting,
						"expected NAME=DURATION (such as DI_torque2=10ms), not '" + entry.strip() + "'");
			}
			durations.put(entry.substring(0, equals).strip(), duration);
		}
		return durations;
	}

	private static String[] messageAndSignal(AdapterConfig config, String setting, String text, String expected) {
		String name = text.strip();
		int dot = name.lastIndexOf('.');
		if (dot <= 0 || dot == name.length() - 1) {
			throw invalid(config, setting, "expected " + expected + ", not '" + name + "'");
		}
		return new String[] { name.substring(0, dot), name.substring(dot + 1) };
	}

	private static long positive(AdapterConfig config, String setting, String text) {
		try {
			long value = Long.parseLong(text.strip());
			if (value > 1) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(config, setting, "expected a modulus above 1, not '" + text.strip() + "'");
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
	 * The counter and checksum checks of one message.
	 *
	 * @param counterSignal the rolling counter signal, or {@code null}
	 * @param modulus the counter's modulus, 0 for 2^length
	 * @param checksumSignal the checksum signal, or {@code null}
	 * @param algorithm the checksum algorithm, or {@code null}
	 * @param fromByte the first byte the checksum covers, -1 for every byte without
	 * checksum bits
	 * @param toByte the last byte it covers, inclusive
	 */
	public record MessageCheckSpec(@Nullable String counterSignal, long modulus, @Nullable String checksumSignal,
			@Nullable FrameChecksum algorithm, int fromByte, int toByte) {

		static final MessageCheckSpec NONE = new MessageCheckSpec(null, 0, null, null, -1, -1);

	}

	/**
	 * Defaults of the settings, from {@code library.canbus.*}.
	 *
	 * @param signalKeys the state-key pattern
	 * @param publishSignals whether decoded signals go to the state store
	 * @param livenessFactor the number of cycle times a message may be missing
	 * @param livenessCheckInterval how often liveness is checked
	 * @param rawFramesPrefix the state-key prefix of raw frames, empty for none
	 */
	public record CanbusDefaults(String signalKeys, boolean publishSignals, double livenessFactor,
			Duration livenessCheckInterval, String rawFramesPrefix) {

		/**
		 * Return the defaults of a platform without properties.
		 * @return the defaults
		 */
		public static CanbusDefaults standard() {
			return new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(100), "");
		}

	}

}
