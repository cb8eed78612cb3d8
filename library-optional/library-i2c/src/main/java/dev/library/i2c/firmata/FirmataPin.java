package dev.library.i2c.firmata;

import java.util.Locale;

import dev.library.adapters.PointValues;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * A pin of the board bound to a point, from the point's address: {@code D<n>} a digital
 * pin (BOOLEAN; an output if the point is written; option {@code ;pull-up} for an input,
 * {@code ;active-low}), {@code A<n>} an analog input (raw 0-1023 on a 10-bit converter,
 * FLOAT or INTEGER, scaled by the point).
 *
 * @param point the point
 * @param digital whether it is a digital pin, else analog
 * @param number the pin number (digital) or analog channel
 * @param activeLow whether "on" is the low level
 * @param pullUp whether an input has its pull-up on
 * @author Library
 */
record FirmataPin(PointConfig point, boolean digital, int number, boolean activeLow, boolean pullUp) {

	static FirmataPin parse(String instance, PointConfig point) {
		String[] parts = point.address().trim().split(";");
		String pin = parts[0].trim().toUpperCase(Locale.ROOT);
		boolean activeLow = false;
		boolean pullUp = false;
		for (int i = 1; i < parts.length; i++) {
			String option = parts[i].trim().toLowerCase(Locale.ROOT);
			switch (option) {
				case "active-low" -> activeLow = true;
				case "pull-up" -> pullUp = true;
				case "" -> {
				}
				default ->
					throw invalid(instance, point, "unknown option '" + option + "' (known: active-low, pull-up)");
			}
		}
		int number;
		try {
			number = Integer.parseInt(pin.substring(1));
		}
		catch (NumberFormatException | IndexOutOfBoundsException ex) {
			throw invalid(instance, point, "must be D<n> or A<n>, such as D15 or A0");
		}
		if (pin.startsWith("D") && number >= 0 && number <= 127) {
			if (point.dataType() != DataType.BOOLEAN) {
				throw invalid(instance, point, "a digital pin is BOOLEAN, not " + point.dataType());
			}
			if (point.writable() && pullUp) {
				throw invalid(instance, point, "pull-up applies to inputs only");
			}
			return new FirmataPin(point, true, number, activeLow, pullUp);
		}
		if (pin.startsWith("A") && number >= 0 && number <= 15) {
			if (!point.dataType().isNumeric() || point.writable()) {
				throw invalid(instance, point, "an analog pin is a numeric input (FLOAT or INTEGER, access READ)");
			}
			return new FirmataPin(point, false, number, false, false);
		}
		throw invalid(instance, point, "must be D0-D127 or A0-A15, not '" + parts[0].trim() + "'");
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

	static AdapterConfigurationException invalid(String instance, PointConfig point, String problem) {
		return new AdapterConfigurationException(
				"Adapter '" + instance + "', point " + point.id() + " (address '" + point.address() + "'): " + problem);
	}

}
