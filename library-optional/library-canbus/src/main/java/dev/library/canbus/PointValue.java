package dev.library.canbus;

import dev.library.adapters.spi.PointConfig;
import dev.library.canbus.dbc.Signal;

/**
 * Converts between decoded signal values and the raw values of adapter points.
 *
 * @author Library
 */
final class PointValue {

	private PointValue() {
	}

	/**
	 * Return a signal value as the Java type of the point's data type: the choice name
	 * for a string point, the number for numeric ones (a choice is turned back into its
	 * raw value's physical value), non-zero for a boolean.
	 */
	static Object of(PointConfig point, Signal signal, Object value) {
		Object number = value;
		if (value instanceof String choice && point.dataType() != dev.library.adapters.spi.DataType.STRING) {
			number = signal.toPhysical(signal.toRaw(choice, false));
		}
		return switch (point.dataType()) {
			case STRING -> value.toString();
			case BOOLEAN -> ((Number) number).doubleValue() != 0;
			case INTEGER -> ((Number) number).longValue();
			case FLOAT -> ((Number) number).doubleValue();
		};
	}

	/**
	 * Return a point value as a signal value: booleans are 1 or 0.
	 */
	static Object toSignal(Signal signal, Object value) {
		if (value instanceof Boolean flag) {
			return flag ? 1L : 0L;
		}
		return value;
	}

}
