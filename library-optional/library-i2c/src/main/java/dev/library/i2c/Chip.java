package dev.library.i2c;

import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import org.jspecify.annotations.Nullable;

/**
 * The driver of one chip at one address on an I2C bus, serving the points bound to its
 * channels. Created from the configuration (checked then, without I/O), opened with the
 * chip's {@link I2cDevice} once the bus adapter connects.
 *
 * @author Library
 */
abstract class Chip {

	/**
	 * Names of the chips, as point addresses write them.
	 */
	static final List<String> NAMES = List.of(Pcf8574.NAME, Mcp23017.NAME, Ads1115.NAME, Sht31.NAME, RegisterChip.NAME);

	private final String name;

	private final int address;

	private final String key;

	private @Nullable I2cDevice device;

	Chip(String name, int address) {
		this.name = name;
		this.address = address;
		this.key = name + "@" + ChannelAddress.hex(address);
	}

	/**
	 * Create the driver of a chip from the points bound to it.
	 * @param instance the adapter instance, named in errors
	 * @param chip the chip name
	 * @param address the chip's address
	 * @param bindings the points and their addresses
	 * @return the driver
	 * @throws AdapterConfigurationException if the chip is unknown or a point does not
	 * fit it
	 */
	static Chip create(String instance, String chip, int address, Map<PointConfig, ChannelAddress> bindings) {
		return switch (chip) {
			case Pcf8574.NAME -> new Pcf8574(instance, address, bindings);
			case Mcp23017.NAME -> new Mcp23017(instance, address, bindings);
			case Ads1115.NAME -> new Ads1115(instance, address, bindings);
			case Sht31.NAME -> new Sht31(instance, address, bindings);
			case RegisterChip.NAME -> new RegisterChip(instance, address, bindings);
			default -> {
				PointConfig first = bindings.keySet().iterator().next();
				throw ChannelAddress.invalid(instance, first, "unknown chip '" + chip + "' (known: " + NAMES + ")");
			}
		};
	}

	/**
	 * Open the chip: configure it and put its outputs in their safe state.
	 * @param device the chip on its bus
	 */
	final void open(I2cDevice device) {
		this.device = device;
		configure(device);
	}

	/**
	 * Configure the chip just opened; outputs must come up in their safe state.
	 * @param device the chip on its bus
	 */
	abstract void configure(I2cDevice device);

	/**
	 * Read a point's raw value.
	 * @param point the point
	 * @return the value
	 */
	abstract Object read(PointConfig point);

	/**
	 * Write an output's raw value.
	 * @param point the point
	 * @param value the value
	 */
	void write(PointConfig point, Object value) {
		throw new AdapterException(point.id() + " is an input of " + this.key);
	}

	/**
	 * Drive every output of the chip to its safe state, in as few transactions as it can.
	 */
	void driveSafe() {
	}

	/**
	 * Return whether the chip drives outputs: losing contact with it is losing control.
	 * @return whether it has outputs
	 */
	abstract boolean hasOutputs();

	/**
	 * Close the chip's device. Leaves the outputs as they are.
	 */
	final void close() {
		I2cDevice current = this.device;
		this.device = null;
		if (current != null) {
			current.close();
		}
	}

	final I2cDevice device() {
		I2cDevice current = this.device;
		if (current == null) {
			throw new AdapterException(this.key + " is not open");
		}
		return current;
	}

	/**
	 * Return whether the chip is open and answered its last transaction.
	 * @return whether it answers
	 */
	final boolean answers() {
		I2cDevice current = this.device;
		return current != null && current.answered();
	}

	final boolean isOpen() {
		return this.device != null;
	}

	final String key() {
		return this.key;
	}

	final String name() {
		return this.name;
	}

	final int address() {
		return this.address;
	}

	static void requireType(String instance, PointConfig point, DataType... types) {
		for (DataType type : types) {
			if (point.dataType() == type) {
				return;
			}
		}
		throw ChannelAddress.invalid(instance, point,
				"data type must be " + ((types.length == 1) ? types[0] : List.of(types)) + ", not " + point.dataType());
	}

	static void requireInput(String instance, PointConfig point, String chip) {
		if (point.writable()) {
			throw ChannelAddress.invalid(instance, point, chip + " channels are inputs: access must be READ");
		}
	}

}
