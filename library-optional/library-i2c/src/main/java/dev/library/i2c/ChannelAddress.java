package dev.library.i2c;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.PointConfig;
import org.jspecify.annotations.Nullable;

/**
 * The address of a point on an I2C bus, {@code <chip>@<address>/<channel>[;option...]},
 * such as {@code mcp23017@0x20/GPA3;active-low} or {@code ads1115@0x48/AIN0;gain=4.096}.
 *
 * @param chip the chip name, lower case
 * @param address the 7-bit I2C address of the chip
 * @param channel the channel of the chip, as the chip names it
 * @param options the options: flags map to an empty string
 * @author Library
 */
record ChannelAddress(String chip, int address, String channel, Map<String, String> options) {

	ChannelAddress {
		options = Map.copyOf(options);
	}

	/**
	 * Parse the address of a point.
	 * @param instance the adapter instance, named in errors
	 * @param point the point
	 * @return the address
	 * @throws AdapterConfigurationException if the address is malformed
	 */
	static ChannelAddress parse(String instance, PointConfig point) {
		String text = point.address().trim();
		int at = text.indexOf('@');
		int slash = text.indexOf('/', Math.max(at, 0));
		if (at <= 0 || slash < 0 || slash == text.length() - 1) {
			throw invalid(instance, point,
					"must be <chip>@<address>/<channel>[;option...], such as mcp23017@0x20/GPA0");
		}
		String chip = text.substring(0, at).toLowerCase(Locale.ROOT);
		int address = parseI2cAddress(instance, point, text.substring(at + 1, slash));
		String[] parts = text.substring(slash + 1).split(";");
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 1; i < parts.length; i++) {
			String option = parts[i].trim();
			if (option.isEmpty()) {
				continue;
			}
			int equals = option.indexOf('=');
			if (equals < 0) {
				options.put(option.toLowerCase(Locale.ROOT), "");
			}
			else {
				options.put(option.substring(0, equals).trim().toLowerCase(Locale.ROOT),
						option.substring(equals + 1).trim());
			}
		}
		return new ChannelAddress(chip, address, parts[0].trim().toUpperCase(Locale.ROOT), options);
	}

	private static int parseI2cAddress(String instance, PointConfig point, String text) {
		try {
			int address = text.startsWith("0x") || text.startsWith("0X") ? Integer.parseInt(text.substring(2), 16)
					: Integer.parseInt(text);
			// 0x00-0x07 and 0x78-0x7F are reserved by the I2C specification (UM10204,
			// 3.1.12)
			if (address < 0x08 || address > 0x77) {
				throw invalid(instance, point, "I2C address " + text + " is outside 0x08-0x77");
			}
			return address;
		}
		catch (NumberFormatException ex) {
			throw invalid(instance, point, "I2C address '" + text + "' is not a number (write 0x20 or 32)");
		}
	}

	/**
	 * Return whether a flag option is present.
	 * @param name the option
	 * @return whether it is set
	 */
	boolean flag(String name) {
		return this.options.containsKey(name);
	}

	/**
	 * Return an option's value.
	 * @param name the option
	 * @return the value, or {@code null} if absent
	 */
	@Nullable String option(String name) {
		return this.options.get(name);
	}

	/**
	 * Return a duration option such as {@code 20ms}.
	 * @param instance the adapter instance, named in errors
	 * @param point the point
	 * @param text the option's value, or {@code null} if absent
	 * @param fallback the value if absent
	 * @return the duration
	 */
	static Duration duration(String instance, PointConfig point, @Nullable String text, Duration fallback) {
		if (text == null || text.isEmpty()) {
			return fallback;
		}
		try {
			String lower = text.toLowerCase(Locale.ROOT);
			if (lower.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
			}
			if (lower.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
			}
			return Duration.parse(text);
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw invalid(instance, point, "'" + text + "' is not a duration (write 20ms or 1s)");
		}
	}

	/**
	 * Return the key of the chip on its bus.
	 * @return {@code chip@0xNN}
	 */
	String chipKey() {
		return this.chip + "@" + hex(this.address);
	}

	static String hex(int address) {
		return String.format("0x%02x", address);
	}

	static AdapterConfigurationException invalid(String instance, PointConfig point, String problem) {
		return new AdapterConfigurationException(
				"Adapter '" + instance + "', point " + point.id() + " (address '" + point.address() + "'): " + problem);
	}

}
