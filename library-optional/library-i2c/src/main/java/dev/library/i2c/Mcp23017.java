package dev.library.i2c;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * The Microchip MCP23017 16-bit I/O expander (channels {@code GPA0}-{@code GPA7},
 * {@code GPB0}-{@code GPB7}), with its power-on register map ({@code IOCON.BANK = 0},
 * datasheet DS20001952C, table 3-5): {@code IODIRA/B} 0x00/0x01, {@code GPPUA/B}
 * 0x0C/0x0D, {@code GPIOA/B} 0x12/0x13, {@code OLATA/B} 0x14/0x15. A write frame is the
 * register address then the value (figure 3-6); a read sets the register pointer with a
 * write frame, then reads (figure 3-7).
 * <p>
 * On opening, the output latches get their safe levels <em>before</em> the direction
 * registers make the pins outputs (all pins are inputs at power-on, 3.5.1), so a relay
 * never clicks on. Outputs are written to {@code OLAT} and read back from {@code GPIO},
 * the level actually on the pin (3.5.10).
 *
 * @author Library
 */
final class Mcp23017 extends Chip {

	static final String NAME = "mcp23017";

	static final int IODIRA = 0x00;

	static final int GPPUA = 0x0C;

	static final int GPIOA = 0x12;

	static final int OLATA = 0x14;

	private final Map<String, ExpanderPin> pins = new LinkedHashMap<>();

	private final int[] safeLatch = new int[2];

	private final int[] latch = new int[2];

	private final int[] directions = { 0xFF, 0xFF };

	private final int[] pullUps = new int[2];

	Mcp23017(String instance, int address, Map<PointConfig, ChannelAddress> bindings) {
		super(NAME, address);
		int[] used = new int[2];
		for (Map.Entry<PointConfig, ChannelAddress> binding : bindings.entrySet()) {
			PointConfig point = binding.getKey();
			ChannelAddress channel = binding.getValue();
			requireType(instance, point, DataType.BOOLEAN);
			String name = channel.channel();
			if (name.length() != 4 || !name.startsWith("GP") || (name.charAt(2) != 'A' && name.charAt(2) != 'B')
					|| name.charAt(3) < '0' || name.charAt(3) > '7') {
				throw ChannelAddress.invalid(instance, point,
						"MCP23017 channels are GPA0-GPA7 and GPB0-GPB7, not '" + name + "'");
			}
			int port = name.charAt(2) - 'A';
			int bit = name.charAt(3) - '0';
			if ((used[port] & (1 << bit)) != 0) {
				throw ChannelAddress.invalid(instance, point,
						"pin " + name + " of " + key() + " is already used by another point");
			}
			used[port] |= 1 << bit;
			ExpanderPin pin = new ExpanderPin(point, port, bit, channel.flag("active-low"), channel.flag("pull-up"));
			this.pins.put(point.id(), pin);
			if (pin.output()) {
				this.directions[port] &= ~pin.mask();
				if (pin.safeLevel()) {
					this.safeLatch[port] |= pin.mask();
				}
			}
			else if (pin.pullUp()) {
				this.pullUps[port] |= pin.mask();
			}
		}
	}

	@Override
	void configure(I2cDevice device) {
		for (int port = 0; port < 2; port++) {
			device.write((byte) (OLATA + port), (byte) this.safeLatch[port]);
			this.latch[port] = this.safeLatch[port];
		}
		for (int port = 0; port < 2; port++) {
			device.write((byte) (IODIRA + port), (byte) this.directions[port]);
		}
		for (int port = 0; port < 2; port++) {
			device.write((byte) (GPPUA + port), (byte) this.pullUps[port]);
		}
	}

	@Override
	Object read(PointConfig point) {
		ExpanderPin pin = this.pins.get(point.id());
		int levels = device().readRegister(GPIOA + pin.port(), 1)[0] & 0xFF;
		return pin.value((levels & pin.mask()) != 0);
	}

	@Override
	void write(PointConfig point, Object value) {
		ExpanderPin pin = this.pins.get(point.id());
		if (!pin.output()) {
			throw new AdapterException(point.id() + " is an input");
		}
		int port = pin.port();
		int next = pin.level((Boolean) value) ? (this.latch[port] | pin.mask()) : (this.latch[port] & ~pin.mask());
		device().write((byte) (OLATA + port), (byte) next);
		this.latch[port] = next;
	}

	@Override
	void driveSafe() {
		for (int port = 0; port < 2; port++) {
			if (this.directions[port] != 0xFF) {
				device().write((byte) (OLATA + port), (byte) this.safeLatch[port]);
				this.latch[port] = this.safeLatch[port];
			}
		}
	}

	@Override
	boolean hasOutputs() {
		return this.pins.values().stream().anyMatch(ExpanderPin::output);
	}

}
