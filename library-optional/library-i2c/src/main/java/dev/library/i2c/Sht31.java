package dev.library.i2c;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * The Sensirion SHT31 temperature and humidity sensor (datasheet "SHT3x-DIS", version 7):
 * channels {@code TEMPERATURE} (°C) and {@code HUMIDITY} (%RH), option
 * {@code repeatability} ({@code high} (default), {@code medium}, {@code low}).
 * <p>
 * Each read is a single-shot measurement without clock stretching (4.3, table 9: command
 * 0x2400, 0x240B or 0x2416), then, after the longest measurement duration (table 4: 15.5,
 * 6.5 or 4.5 ms), a read of six bytes: temperature MSB, LSB, CRC, humidity MSB, LSB, CRC.
 * Each CRC-8 (4.12: polynomial 0x31, initial 0xFF, no reflection, no final XOR) is
 * checked: a bad one fails the read, so the point goes {@code BAD} and never takes a
 * wrong value. Conversions (4.13): {@code T = -45 + 175 * S / 65535},
 * {@code RH = 100 * S / 65535}.
 *
 * @author Library
 */
final class Sht31 extends Chip {

	static final String NAME = "sht31";

	private final Map<String, Measurement> measurements = new HashMap<>();

	Sht31(String instance, int address, Map<PointConfig, ChannelAddress> bindings) {
		super(NAME, address);
		for (Map.Entry<PointConfig, ChannelAddress> binding : bindings.entrySet()) {
			PointConfig point = binding.getKey();
			ChannelAddress channel = binding.getValue();
			requireType(instance, point, DataType.FLOAT);
			requireInput(instance, point, "SHT31");
			boolean temperature = switch (channel.channel()) {
				case "TEMPERATURE" -> true;
				case "HUMIDITY" -> false;
				default -> throw ChannelAddress.invalid(instance, point,
						"SHT31 channels are TEMPERATURE and HUMIDITY, not '" + channel.channel() + "'");
			};
			String repeatability = (channel.option("repeatability") != null) ? channel.option("repeatability") : "high";
			Measurement measurement = switch (repeatability) {
				case "high" -> new Measurement(0x2400, Duration.ofNanos(15_500_000L), temperature);
				case "medium" -> new Measurement(0x240B, Duration.ofNanos(6_500_000L), temperature);
				case "low" -> new Measurement(0x2416, Duration.ofNanos(4_500_000L), temperature);
				default -> throw ChannelAddress.invalid(instance, point,
						"SHT31 repeatability is high, medium or low, not '" + repeatability + "'");
			};
			this.measurements.put(point.id(), measurement);
		}
	}

	@Override
	void configure(I2cDevice device) {
	}

	@Override
	Object read(PointConfig point) {
		Measurement measurement = this.measurements.get(point.id());
		I2cDevice device = device();
		device.write((byte) (measurement.command() >> 8), (byte) measurement.command());
		try {
			Thread.sleep(measurement.duration());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AdapterException("Interrupted while waiting for a measurement", ex);
		}
		byte[] frame = device.read(6);
		int offset = measurement.temperature() ? 0 : 3;
		int crc = crc8(frame, offset, 2);
		if (crc != (frame[offset + 2] & 0xFF)) {
			device.countError();
			throw new AdapterException(key() + ": CRC mismatch in " + I2cDevice.hex(frame) + " (computed "
					+ String.format("0x%02x", crc) + "): reading of " + point.id() + " discarded");
		}
		int raw = ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
		return measurement.temperature() ? -45 + 175.0 * raw / 65535 : 100.0 * raw / 65535;
	}

	@Override
	boolean hasOutputs() {
		return false;
	}

	/**
	 * The SHT3x CRC-8 (datasheet 4.12): polynomial x^8 + x^5 + x^4 + 1 (0x31), initial
	 * 0xFF, no reflection, no final XOR; CRC of 0xBEEF is 0x92.
	 * @param data the bytes
	 * @param offset where the checked bytes start
	 * @param length how many
	 * @return the CRC
	 */
	static int crc8(byte[] data, int offset, int length) {
		int crc = 0xFF;
		for (int i = offset; i < offset + length; i++) {
			crc ^= data[i] & 0xFF;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x80) != 0) ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
			}
		}
		return crc;
	}

	/**
	 * How one point is measured.
	 *
	 * @param command the single-shot command
	 * @param duration the longest measurement duration
	 * @param temperature whether the point is the temperature, else the humidity
	 */
	record Measurement(int command, Duration duration, boolean temperature) {

	}

}
