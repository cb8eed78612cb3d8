package dev.library.adapters.spi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A point of a device: one value read or written.
 *
 * @param device the id of the device
 * @param name the name of the point within its device
 * @param address where the adapter finds the point (register, channel, signal), in the
 * syntax of its type
 * @param dataType the data type
 * @param unit the engineering unit, empty if none
 * @param minimum the smallest engineering value, or {@code null}
 * @param maximum the largest engineering value, or {@code null}
 * @param access read only or read/write
 * @param pollInterval how often the point is read, or {@code null} if the adapter pushes
 * its readings ({@link ReadingSource})
 * @param scale factor from raw to engineering value ({@code engineering = raw * scale +
 * offset})
 * @param offset offset from raw to engineering value
 * @param stateKey the state key the readings go to
 * @param safeValue the engineering value of an output's safe state, {@code null} for an
 * input
 * @author Library
 */
public record PointConfig(String device, String name, String address, DataType dataType, String unit,
		@Nullable Double minimum, @Nullable Double maximum, Access access, @Nullable Duration pollInterval,
		double scale, double offset, String stateKey, @Nullable Object safeValue) {

	/**
	 * Return whether the platform may write the point.
	 * @return whether it is an output
	 */
	public boolean writable() {
		return this.access == Access.READ_WRITE;
	}

	/**
	 * Return the point's id, {@code device.point}.
	 * @return the id
	 */
	public String id() {
		return this.device + "." + this.name;
	}

}
