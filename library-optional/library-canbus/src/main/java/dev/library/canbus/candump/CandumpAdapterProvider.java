package dev.library.canbus.candump;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.CanTransport;
import dev.library.canbus.CanbusAdapterProvider;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The {@code candump} adapter type: a candump log replayed as a CAN bus. Settings, beside
 * those of {@link CanbusSettings}: {@code file} (the log, required), {@code speed} (1 the
 * recorded pace, 10 ten times faster, 0 as fast as possible; default 1), {@code output}
 * (a file that sent frames are appended to, in candump {@code -L} format) and
 * {@code interface} (default {@code can0}).
 *
 * @author Library
 */
public class CandumpAdapterProvider extends CanbusAdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "candump";

	/**
	 * Create the provider.
	 * @param publisher where decoded signals go
	 * @param meterRegistry where meters go, or {@code null}
	 * @param defaults the defaults of {@code library.canbus.*}
	 * @param registry the registry connected buses join
	 */
	public CandumpAdapterProvider(SignalPublisher publisher, @Nullable MeterRegistry meterRegistry,
			CanbusDefaults defaults, CanbusRegistry registry) {
		super(publisher, meterRegistry, defaults, registry);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "Replay of a candump log as a CAN bus, decoded with DBC databases";
	}

	@Override
	protected CanTransport createTransport(AdapterConfig config, CanbusSettings settings) {
		String file = config.settings().get("file");
		if (file == null || file.isBlank()) {
			throw new AdapterConfigurationException(
					"Adapter '" + config.id() + "' setting 'file' is required (the candump log)");
		}
		Path log = Path.of(file);
		if (!Files.isRegularFile(log)) {
			throw new AdapterConfigurationException("Adapter '" + config.id() + "' setting 'file' is invalid: "
					+ log.toAbsolutePath() + " does not exist");
		}
		double speed;
		try {
			speed = Double.parseDouble(config.settings().getOrDefault("speed", "1"));
		}
		catch (NumberFormatException ex) {
			speed = -1;
		}
		if (!(speed >= 0)) {
			throw new AdapterConfigurationException(
					"Adapter '" + config.id() + "' setting 'speed' must be 0 (as fast as possible) or positive, not "
							+ config.settings().get("speed"));
		}
		String output = config.settings().get("output");
		String interfaceName = (settings.interfaceName() != null) ? settings.interfaceName() : "can0";
		return new CandumpReplayTransport(log, interfaceName, speed,
				(output != null && !output.isBlank()) ? Path.of(output) : null);
	}

}
