package dev.library.i2c;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * The NXP PCF8574 8-bit quasi-bidirectional I/O expander (channels
 * {@code P0}-{@code P7}), as on most 8-relay boards. It has no registers: a write frame
 * of one byte sets all eight pins, a read frame of one byte returns their levels
 * (datasheet Rev. 5, 8.1 "Quasi-bidirectional I/Os", 8.2 "Writing to the port", 8.3
 * "Reading from a port"). A pin read as an input must be written high, which is also its
 * power-on state, so the driver keeps the byte last written and sets every pin that is
 * not an output high.
 *
 * @author Library
 */
final class Pcf8574 extends Chip {

	static final String NAME = "pcf8574";

	private final Map<String, ExpanderPin> pins = new LinkedHashMap<>();

	private final int safeLatch;

	private int latch;

	Pcf8574(String instance, int address, Map<PointConfig, ChannelAddress> bindings) {
		super(NAME, address);
		int used = 0;
		int safe = 0xFF;
		for (Map.Entry<PointConfig, ChannelAddress> binding : bindings.entrySet()) {
			PointConfig point = binding.getKey();
			ChannelAddress channel = binding.getValue();
			requireType(instance, point, DataType.BOOLEAN);
			int bit = pinNumber(instance, point, channel.channel());
			if ((used & (1 << bit)) != 0) {
				throw ChannelAddress.invalid(instance, point,
						"pin " + channel.channel() + " of " + key() + " is already used by another point");
			}
			used |= 1 << bit;
			ExpanderPin pin = new ExpanderPin(point, 0, bit, channel.flag("active-low"), true);
			this.pins.put(point.id(), pin);
			if (pin.output() && !pin.safeLevel()) {
				safe &= ~pin.mask();
			}
		}
		this.safeLatch = safe;
		this.latch = safe;
	}

	private static int pinNumber(String instance, PointConfig point, String channel) {
		if (channel.length() == 2 && channel.charAt(0) == 'P' && channel.charAt(1) >= '0' && channel.charAt(1) <= '7') {
			return channel.charAt(1) - '0';
		}
		throw ChannelAddress.invalid(instance, point, "PCF8574 channels are P0-P7, not '" + channel + "'");
	}

	@Override
	void configure(I2cDevice device) {
		this.latch = this.safeLatch;
		device.write((byte) this.latch);
	}

	@Override
	Object read(PointConfig point) {
		ExpanderPin pin = this.pins.get(point.id());
		int levels = device().read(1)[0] & 0xFF;
		return pin.value((levels & pin.mask()) != 0);
	}

	@Override
	void write(PointConfig point, Object value) {
		ExpanderPin pin = this.pins.get(point.id());
		if (!pin.output()) {
			throw new AdapterException(point.id() + " is an input");
		}
		int next = pin.level((Boolean) value) ? (this.latch | pin.mask()) : (this.latch & ~pin.mask());
		device().write((byte) next);
		this.latch = next;
	}

	@Override
	void driveSafe() {
		device().write((byte) this.safeLatch);
		this.latch = this.safeLatch;
	}

	@Override
	boolean hasOutputs() {
		return this.pins.values().stream().anyMatch(ExpanderPin::output);
	}

}
