package dev.library.i2c;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The I2C buses in use now: each {@code i2c} adapter instance from its first connection
 * attempt until it is closed, with its chips and their transaction counts, for
 * commissioning ({@code GET /i2c/buses}). Reading it does no I/O.
 *
 * @author Library
 */
public class I2cBuses {

	private final Map<String, I2cBusAdapter> adapters = new ConcurrentHashMap<>();

	void register(String instance, I2cBusAdapter adapter) {
		this.adapters.put(instance, adapter);
	}

	void unregister(String instance, I2cBusAdapter adapter) {
		this.adapters.remove(instance, adapter);
	}

	/**
	 * Return the buses in use, by instance id.
	 * @return the buses
	 */
	public List<Bus> list() {
		return this.adapters.values()
			.stream()
			.map(I2cBusAdapter::status)
			.sorted(Comparator.comparing(Bus::instance))
			.toList();
	}

	/**
	 * A bus in use.
	 *
	 * @param instance the adapter instance
	 * @param bus the bus number ({@code /dev/i2c-N})
	 * @param connected whether every chip is open
	 * @param chips the chips configured on it
	 */
	public record Bus(String instance, int bus, boolean connected, List<ChipStatus> chips) {

	}

	/**
	 * A chip on a bus.
	 *
	 * @param chip the chip name
	 * @param address the address, such as {@code 0x20}
	 * @param open whether it answered when the bus was opened
	 * @param transactions transactions that succeeded
	 * @param failures transactions that failed after their retries
	 * @param retries transactions tried again
	 * @param errors errors of any kind (failures, bad CRCs)
	 */
	public record ChipStatus(String chip, String address, boolean open, long transactions, long failures, long retries,
			long errors) {

	}

}
