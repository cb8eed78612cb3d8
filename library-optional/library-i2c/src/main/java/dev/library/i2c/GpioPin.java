package dev.library.i2c;

import java.time.Duration;
import java.util.Locale;

import com.pi4j.io.gpio.digital.PullResistance;
import dev.library.adapters.PointValues;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * A GPIO pin bound to a point, from the point's address
 * {@code <BCM number>[;active-low][;pull=up|down][;debounce=20ms]}.
 *
 * @param point the point
 * @param number the BCM GPIO number, 0-27 on the 40-pin header of a Pi 5 or a CM5 board
 * @param activeLow whether "on" is the low level (an output) or reads low (an input)
 * @param pull the pull resistor of an input
 * @param debounce how long an input must hold a level before it counts, zero for none
 * @author Library
 */
record GpioPin(PointConfig point, int number, boolean activeLow, PullResistance pull, Duration debounce) {

	static GpioPin parse(String instance, PointConfig point) {
		String[] parts = point.address().split(";");
		int number;
		try {
			number = Integer.parseInt(parts[0].trim());
		}
		catch (NumberFormatException ex) {
			throw invalid(instance, point, "must start with a BCM GPIO number, such as 17;active-low");
		}
		if (number < 0 || number > 27) {
			throw invalid(instance, point, "GPIO " + number + " is not on the 40-pin header (0-27)");
		}
		if (point.dataType() != DataType.BOOLEAN) {
			throw invalid(instance, point, "data type must be BOOLEAN, not " + point.dataType());
		}
		boolean activeLow = false;
		PullResistance pull = PullResistance.OFF;
		Duration debounce = Duration.ZERO;
		for (int i = 1; i < parts.length; i++) {
			String option = parts[i].trim().toLowerCase(Locale.ROOT);
			if (option.isEmpty()) {
				continue;
			}
			if (option.equals("active-low")) {
				activeLow = true;
			}
			else if (option.startsWith("pull=")) {
				pull = switch (option.substring(5)) {
					case "up" -> PullResistance.PULL_UP;
					case "down" -> PullResistance.PULL_DOWN;
					case "off" -> PullResistance.OFF;
					default ->
						throw invalid(instance, point, "pull is up, down or off, not '" + option.substring(5) + "'");
				};
			}
			else if (option.startsWith("debounce=")) {
				debounce = ChannelAddress.duration(instance, point, option.substring(9), Duration.ZERO);
			}
			else {
				throw invalid(instance, point, "unknown option '" + option + "' (known: active-low, pull=, debounce=)");
			}
		}
		if (point.writable() && (pull != PullResistance.OFF || !debounce.isZero())) {
			throw invalid(instance, point, "pull and debounce apply to inputs only");
		}
		return new GpioPin(point, number, activeLow, pull, debounce);
	}

	boolean level(boolean on) {
		return on != this.activeLow;
	}

	boolean value(boolean high) {
		return high != this.activeLow;
	}

	boolean safeLevel() {
		return level(Boolean.TRUE.equals(PointValues.safeRaw(this.point)));
	}

	private static AdapterConfigurationException invalid(String instance, PointConfig point, String problem) {
		return ChannelAddress.invalid(instance, point, problem);
	}

}
