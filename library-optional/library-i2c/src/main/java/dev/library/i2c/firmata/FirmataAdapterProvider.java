package dev.library.i2c.firmata;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.PointConfig;

/**
 * The {@code firmata} adapter type: a board running StandardFirmata (a Raspberry Pi Pico)
 * as remote I/O on a serial port. Settings: {@code port} (required, such as
 * {@code /dev/ttyACM0}), {@code baud} (default 57600), {@code timeout} (default 2s),
 * {@code sampling-interval} (default 100ms). Points: {@code D<n>} and {@code A<n>} (see
 * {@link FirmataPin}).
 *
 * @author Library
 */
public class FirmataAdapterProvider implements AdapterProvider {

	/**
	 * Name of the type.
	 */
	public static final String TYPE = "firmata";

	private static final Set<String> SETTINGS = Set.of("port", "baud", "timeout", "sampling-interval");

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String description() {
		return "Raspberry Pi Pico (StandardFirmata) as remote I/O over USB serial: digital and analog pins";
	}

	@Override
	public Adapter create(AdapterConfig config) {
		Map<String, String> settings = config.settings();
		for (String setting : settings.keySet()) {
			if (!SETTINGS.contains(setting)) {
				throw new AdapterConfigurationException("Adapter '" + config.id() + "': unknown setting '" + setting
						+ "' of type firmata (known: " + SETTINGS.stream().sorted().toList() + ")");
			}
		}
		String port = settings.get("port");
		if (port == null || port.isBlank()) {
			throw new AdapterConfigurationException("Adapter '" + config.id()
					+ "': setting 'port' is required (the serial port, such as /dev/ttyACM0)");
		}
		int baud;
		try {
			baud = Integer.parseInt(settings.getOrDefault("baud", "57600").trim());
		}
		catch (NumberFormatException ex) {
			throw new AdapterConfigurationException("Adapter '" + config.id()
					+ "': setting 'baud' must be a number, not '" + settings.get("baud") + "'");
		}
		Duration timeout = duration(config, "timeout", Duration.ofSeconds(2));
		Duration sampling = duration(config, "sampling-interval", Duration.ofMillis(100));
		Map<String, FirmataPin> pins = new LinkedHashMap<>();
		Map<String, String> used = new HashMap<>();
		for (PointConfig point : config.points()) {
			FirmataPin pin = FirmataPin.parse(config.id(), point);
			String key = (pin.digital() ? "D" : "A") + pin.number();
			String other = used.putIfAbsent(key, point.id());
			if (other != null) {
				throw FirmataPin.invalid(config.id(), point, "pin " + key + " is already used by " + other);
			}
			pins.put(point.id(), pin);
		}
		return new FirmataAdapter(config.id(), port.trim(), baud, timeout, sampling, pins);
	}

	private static Duration duration(AdapterConfig config, String name, Duration fallback) {
		String text = config.settings().get(name);
		if (text == null || text.isBlank()) {
			return fallback;
		}
		String lower = text.trim().toLowerCase(java.util.Locale.ROOT);
		try {
			if (lower.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
			}
			if (lower.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new AdapterConfigurationException("Adapter '" + config.id() + "': setting '" + name
				+ "' must be a duration such as 500ms or 2s, not '" + text + "'");
	}

}
