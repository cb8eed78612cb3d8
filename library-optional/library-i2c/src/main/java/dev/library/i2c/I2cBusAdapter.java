package dev.library.i2c;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.PointConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The chips of one instance on an I2C bus. The platform calls it from the instance's own
 * thread; every transaction goes through the {@link SharedI2cBus shared bus}, so several
 * instances (and the commissioning scan) can share one bus.
 * <p>
 * <b>Safety.</b> Opening a chip puts its outputs in their safe state before anything
 * else. Losing contact with a chip that drives outputs (a transaction failed after its
 * retries) is losing control: the adapter drives every output it can still reach to its
 * safe state and reports itself disconnected, so the platform marks the readings
 * {@code BAD} and connects again with back-off. A sensor that fails only fails its point.
 * Closing an adapter that connected drives the outputs safe once more; closing one that
 * never connected does nothing to the bus.
 *
 * @author Library
 */
final class I2cBusAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(I2cBusAdapter.class);

	private final String instance;

	private final int bus;

	private final int retries;

	private final Duration timeout;

	private final Context context;

	private final String providerId;

	private final I2cMeters meters;

	private final I2cBuses buses;

	private final Map<String, Chip> chips;

	private final Map<String, Chip> chipOfPoint;

	private final List<String> opened = new ArrayList<>();

	private volatile boolean connected;

	I2cBusAdapter(String instance, int bus, int retries, Duration timeout, Context context, String providerId,
			I2cMeters meters, I2cBuses buses, Map<String, Chip> chips, Map<String, Chip> chipOfPoint) {
		this.instance = instance;
		this.bus = bus;
		this.retries = retries;
		this.timeout = timeout;
		this.context = context;
		this.providerId = providerId;
		this.meters = meters;
		this.buses = buses;
		this.chips = new LinkedHashMap<>(chips);
		this.chipOfPoint = Map.copyOf(chipOfPoint);
	}

	@Override
	public synchronized void connect() {
		closeDevices();
		this.buses.register(this.instance, this);
		try {
			for (Chip chip : this.chips.values()) {
				int address = chip.address();
				String id = "library-i2c-" + this.instance + "-" + this.bus + "-" + ChannelAddress.hex(address);
				I2C i2c = this.context.create(I2C.newConfigBuilder(this.context)
					.id(id)
					.name(chip.key() + " on bus " + this.bus)
					.bus(this.bus)
					.device(address)
					.provider(this.providerId)
					.build());
				this.opened.add(id);
				chip.open(new I2cDevice(i2c, chip.key() + " on bus " + this.bus, this.retries,
						this.buses.shared(this.bus), this.timeout, this.meters.chip(this.bus, chip.name(), address)));
			}
		}
		catch (RuntimeException ex) {
			driveSafeQuietly();
			closeDevices();
			throw (ex instanceof AdapterException) ? ex
					: new AdapterException("I2C bus " + this.bus + " could not be opened: " + ex.getMessage(), ex);
		}
		this.connected = true;
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public synchronized Object read(PointConfig point) {
		Chip chip = chip(point);
		try {
			return chip.read(point);
		}
		catch (AdapterException ex) {
			throw failed(chip, ex);
		}
	}

	@Override
	public synchronized void write(PointConfig point, Object value) {
		Chip chip = chip(point);
		try {
			chip.write(point, value);
		}
		catch (AdapterException ex) {
			throw failed(chip, ex);
		}
	}

	@Override
	public synchronized void close() {
		if (this.connected) {
			driveSafeQuietly();
		}
		this.connected = false;
		closeDevices();
		this.buses.unregister(this.instance, this);
	}

	int bus() {
		return this.bus;
	}

	String instance() {
		return this.instance;
	}

	/**
	 * Return the chips of this instance, by address.
	 * @return the chips
	 */
	Map<Integer, Chip> chipsByAddress() {
		Map<Integer, Chip> byAddress = new LinkedHashMap<>();
		this.chips.values().forEach((chip) -> byAddress.put(chip.address(), chip));
		return byAddress;
	}

	/**
	 * Return the bus and its chips as they are now, without I/O.
	 * @return the status
	 */
	I2cBuses.Bus status() {
		return new I2cBuses.Bus(this.instance, this.bus, this.connected,
				this.chips.values()
					.stream()
					.map((chip) -> this.meters.chip(this.bus, chip.name(), chip.address()).status(chip))
					.toList());
	}

	private Chip chip(PointConfig point) {
		if (!this.connected) {
			throw new AdapterException("I2C bus " + this.bus + " of adapter '" + this.instance + "' is not connected");
		}
		Chip chip = this.chipOfPoint.get(point.id());
		if (chip == null) {
			throw new AdapterException("Point " + point.id() + " is not on I2C bus " + this.bus);
		}
		return chip;
	}

	private AdapterException failed(Chip chip, AdapterException ex) {
		if (chip.hasOutputs() && ex instanceof I2cTransactionException) {
			logger.warn("Lost contact with " + chip.key() + " on I2C bus " + this.bus + " (" + ex.getMessage()
					+ "): driving every output safe");
			driveSafeQuietly();
			this.connected = false;
		}
		return ex;
	}

	private void driveSafeQuietly() {
		for (Chip chip : this.chips.values()) {
			if (chip.hasOutputs() && chip.isOpen()) {
				try {
					chip.driveSafe();
				}
				catch (RuntimeException ex) {
					logger.error("Outputs of " + chip.key() + " on I2C bus " + this.bus
							+ " could not be driven to their safe state: " + ex.getMessage());
				}
			}
		}
	}

	private void closeDevices() {
		this.chips.values().forEach(Chip::close);
		for (String id : this.opened) {
			try {
				if (this.context.registry().exists(id)) {
					this.context.shutdown(id);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Pi4J I/O '" + id + "' not shut down", ex);
			}
		}
		this.opened.clear();
	}

}
