package dev.library.i2c;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.session.ResourcePool;
import dev.library.session.ResourcePools;

/**
 * The I2C buses in use now: each {@code i2c} adapter instance from its first connection
 * attempt until it is closed, with its chips and their transaction counts, for
 * commissioning ({@code GET /i2c/buses}); reading them does no I/O. Also the
 * {@link SharedI2cBus shared bus} of each bus number, with its pool {@code i2c-<bus>},
 * which every instance on that bus and the scan go through.
 *
 * @author Library
 */
public class I2cBuses implements AutoCloseable {

	private final Map<String, I2cBusAdapter> adapters = new ConcurrentHashMap<>();

	private final Map<Integer, SharedI2cBus> shared = new ConcurrentHashMap<>();

	private final ResourcePools pools;

	/**
	 * Create the registry of buses.
	 * @param pools where the pool of each bus, {@code i2c-<bus>}, is registered
	 */
	public I2cBuses(ResourcePools pools) {
		this.pools = pools;
	}

	SharedI2cBus shared(int bus) {
		return this.shared.computeIfAbsent(bus, (number) -> {
			String name = "i2c-" + number;
			ResourcePool<Integer> pool = this.pools.get(name, Integer.class)
				.orElseGet(() -> this.pools.create(name, List.of(number)));
			return new SharedI2cBus(number, pool);
		});
	}

	/**
	 * Return the instances configured on a bus now.
	 * @param bus the bus number
	 * @return the adapters of those instances
	 */
	List<I2cBusAdapter> on(int bus) {
		return this.adapters.values().stream().filter((adapter) -> adapter.bus() == bus).toList();
	}

	/**
	 * Stop the worker threads of the shared buses.
	 */
	@Override
	public void close() {
		this.shared.values().forEach(SharedI2cBus::close);
	}

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
	 * @param timeouts transactions that did not end in time
	 * @param errors errors of any kind (failures, timeouts, bad CRCs)
	 */
	public record ChipStatus(String chip, String address, boolean open, long transactions, long failures, long retries,
			long timeouts, long errors) {

	}

}
