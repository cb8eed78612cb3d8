package dev.library.i2c;

import java.util.HashMap;
import java.util.Map;

import dev.library.adapters.PointValues;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * Any I2C chip with 8-bit register addresses, described in the configuration: channel
 * {@code 0x05} is register 5; options {@code width} (8 (default), 16, 24 or 32 bits),
 * {@code order} ({@code big} (default) or {@code little}) and {@code signed} (two's
 * complement). A read writes the register address, then reads {@code width / 8} bytes; a
 * write sends the register address followed by the bytes: the common "register pointer"
 * protocol of sensors, DACs and port expanders. Raw values are whole numbers
 * ({@code Long} for INTEGER points, the same number as a {@code Double} for FLOAT
 * points); the point's scale and offset make them engineering values.
 *
 * @author Library
 */
final class RegisterChip extends Chip {

	static final String NAME = "register";

	private final Map<String, Register> registers = new HashMap<>();

	private final Map<String, PointConfig> outputs = new HashMap<>();

	RegisterChip(String instance, int address, Map<PointConfig, ChannelAddress> bindings) {
		super(NAME, address);
		for (Map.Entry<PointConfig, ChannelAddress> binding : bindings.entrySet()) {
			PointConfig point = binding.getKey();
			ChannelAddress channel = binding.getValue();
			requireType(instance, point, DataType.INTEGER, DataType.FLOAT);
			int register;
			try {
				String text = channel.channel();
				register = text.startsWith("0X") ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
			}
			catch (NumberFormatException ex) {
				throw ChannelAddress.invalid(instance, point,
						"the channel of a register chip is a register address such as 0x05, not '" + channel.channel()
								+ "'");
			}
			if (register < 0 || register > 0xFF) {
				throw ChannelAddress.invalid(instance, point,
						"register " + channel.channel() + " is outside 0x00-0xFF");
			}
			String width = (channel.option("width") != null) ? channel.option("width") : "8";
			int bytes = switch (width) {
				case "8" -> 1;
				case "16" -> 2;
				case "24" -> 3;
				case "32" -> 4;
				default -> throw ChannelAddress.invalid(instance, point,
						"width must be 8, 16, 24 or 32 bits, not '" + width + "'");
			};
			String order = (channel.option("order") != null) ? channel.option("order") : "big";
			if (!order.equals("big") && !order.equals("little")) {
				throw ChannelAddress.invalid(instance, point, "order must be big or little, not '" + order + "'");
			}
			this.registers.put(point.id(),
					new Register(register, bytes, order.equals("little"), channel.flag("signed")));
			if (point.writable()) {
				this.outputs.put(point.id(), point);
			}
		}
	}

	@Override
	void configure(I2cDevice device) {
	}

	@Override
	Object read(PointConfig point) {
		Register register = this.registers.get(point.id());
		long value = register.decode(device().readRegister(register.address(), register.bytes()));
		return (point.dataType() == DataType.FLOAT) ? (Object) (double) value : (Object) value;
	}

	@Override
	void write(PointConfig point, Object value) {
		Register register = this.registers.get(point.id());
		if (!point.writable()) {
			throw new AdapterException(point.id() + " is an input");
		}
		long raw = Math.round(((Number) value).doubleValue());
		device().write(register.encode(raw));
	}

	@Override
	void driveSafe() {
		for (PointConfig output : this.outputs.values()) {
			write(output, PointValues.safeRaw(output));
		}
	}

	@Override
	boolean hasOutputs() {
		return !this.outputs.isEmpty();
	}

	/**
	 * A register and how its bytes make a number.
	 *
	 * @param address the register address
	 * @param bytes the width in bytes
	 * @param littleEndian whether the least significant byte comes first
	 * @param signed whether the value is two's complement
	 */
	record Register(int address, int bytes, boolean littleEndian, boolean signed) {

		long decode(byte[] data) {
			long value = 0;
			for (int i = 0; i < this.bytes; i++) {
				int index = this.littleEndian ? this.bytes - 1 - i : i;
				value = (value << 8) | (data[index] & 0xFF);
			}
			if (this.signed) {
				int shift = 64 - 8 * this.bytes;
				value = (value << shift) >> shift;
			}
			return value;
		}

		byte[] encode(long value) {
			byte[] frame = new byte[1 + this.bytes];
			frame[0] = (byte) this.address;
			for (int i = 0; i < this.bytes; i++) {
				int index = this.littleEndian ? i : this.bytes - 1 - i;
				frame[1 + index] = (byte) (value >> (8 * i));
			}
			return frame;
		}

	}

}
