package dev.library.i2c;

import dev.library.adapters.PointValues;
import dev.library.adapters.spi.PointConfig;

/**
 * A pin of an I/O expander bound to a point.
 *
 * @param point the point
 * @param port the port, 0 for A (or the only port), 1 for B
 * @param bit the bit in its port, 0-7
 * @param activeLow whether "on" drives the pin low, as most relay boards want
 * @param pullUp whether an input has the chip's pull-up on
 * @author Library
 */
record ExpanderPin(PointConfig point, int port, int bit, boolean activeLow, boolean pullUp) {

	/**
	 * Return whether the pin is an output.
	 * @return whether it is written
	 */
	boolean output() {
		return this.point.writable();
	}

	/**
	 * Return the pin level for a point value.
	 * @param on the value
	 * @return the level, {@code true} for high
	 */
	boolean level(boolean on) {
		return on != this.activeLow;
	}

	/**
	 * Return the point value for a pin level.
	 * @param high the level
	 * @return the value
	 */
	boolean value(boolean high) {
		return high != this.activeLow;
	}

	/**
	 * Return the level of the output's safe state.
	 * @return the level
	 */
	boolean safeLevel() {
		return level(Boolean.TRUE.equals(PointValues.safeRaw(this.point)));
	}

	int mask() {
		return 1 << this.bit;
	}

}
