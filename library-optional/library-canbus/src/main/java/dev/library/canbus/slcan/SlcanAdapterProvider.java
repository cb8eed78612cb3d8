package dev.library.canbus.slcan;

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
 * The {@code slcan} adapter type: a CAN bus through an SLCAN (CANable-style) adapter on a
 * serial port. Settings, beside those of {@link CanbusSettings}: {@code port} (required,
 * such as {@code /dev/ttyACM0}), {@code bitrate} (default 500000), {@code baud-rate} of
 * the serial line (default 115200), {@code ack-timeout} in milliseconds (default 1000)
 * and {@code interface} (default {@code slcan0}).
 *
 * @author Library
 */
public class SlcanAdapterProvider extends CanbusAdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "slcan";

	/**
	 * Create the provider.
	 * @param publisher where decoded signals go
	 * @param meterRegistry where meters go, or {@code null}
	 * @param defaults the defaults of {@code library.canbus.*}
	 * @param registry the registry connected buses join
	 */
	public SlcanAdapterProvider(SignalPublisher publisher, @Nullable MeterRegistry meterRegistry,
			CanbusDefaults defaults, CanbusRegistry registry) {
		super(publisher, meterRegistry, defaults, registry);
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "CAN bus through an SLCAN (CANable-style) adapter on a serial port, decoded with DBC databases";
	}

	@Override
	protected CanTransport createTransport(AdapterConfig config, CanbusSettings settings) {
		String port = config.settings().get("port");
		if (port == null || port.isBlank()) {
			throw new AdapterConfigurationException(
					"Adapter '" + config.id() + "' setting 'port' is required (the serial port of the SLCAN adapter)");
		}
		int bitrate = integer(config, "bitrate", 500_000);
		try {
			SlcanCodec.bitrateCommand(bitrate);
		}
		catch (IllegalArgumentException ex) {
			throw new AdapterConfigurationException(
					"Adapter '" + config.id() + "' setting 'bitrate' is invalid: " + ex.getMessage());
		}
		String interfaceName = (settings.interfaceName() != null) ? settings.interfaceName() : "slcan0";
		return new SlcanTransport(port, integer(config, "baud-rate", 115_200), bitrate, interfaceName,
				integer(config, "ack-timeout", 1000));
	}

	private static int integer(AdapterConfig config, String setting, int fallback) {
		String value = config.settings().get(setting);
		if (value == null) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value.strip());
			if (parsed > 0) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new AdapterConfigurationException("Adapter '" + config.id() + "' setting '" + setting
				+ "' must be a positive whole number, not " + value);
	}

}
