package dev.library.i2c;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;

/**
 * The Texas Instruments ADS1115 16-bit ADC (datasheet SBAS444D). Channels are
 * single-ended ({@code AIN0}-{@code AIN3}, against GND) or differential
 * ({@code AIN0-AIN1}, {@code AIN0-AIN3}, {@code AIN1-AIN3}, {@code AIN2-AIN3}); options
 * {@code gain} (the full-scale range in volts: 6.144, 4.096, 2.048 (default), 1.024,
 * 0.512, 0.256) and {@code rate} (samples per second: 8, 16, 32, 64, 128 (default), 250,
 * 475, 860).
 * <p>
 * Each read is a single-shot conversion (9.4.2): the config register (pointer 0x01, table
 * 8-3) is written with {@code OS = 1}, {@code MUX}, {@code PGA}, {@code MODE = 1},
 * {@code DR} and the comparator disabled ({@code COMP_QUE = 11}); the driver waits one
 * conversion period, polls {@code OS} until it reads 1 (conversion done), then reads the
 * conversion register (pointer 0x00, two's complement, 9.5.4). The raw value is volts
 * ({@code code * FSR / 32768}); the point's scale and offset turn it into pressure,
 * level, and so on.
 *
 * @author Library
 */
final class Ads1115 extends Chip {

	static final String NAME = "ads1115";

	static final int CONVERSION = 0x00;

	static final int CONFIG = 0x01;

	private static final Map<String, Integer> MUX = Map.of("AIN0-AIN1", 0b000, "AIN0-AIN3", 0b001, "AIN1-AIN3", 0b010,
			"AIN2-AIN3", 0b011, "AIN0", 0b100, "AIN1", 0b101, "AIN2", 0b110, "AIN3", 0b111);

	private static final List<Double> RANGES = List.of(6.144, 4.096, 2.048, 1.024, 0.512, 0.256);

	private static final List<Integer> RATES = List.of(8, 16, 32, 64, 128, 250, 475, 860);

	private final Map<String, Conversion> conversions = new HashMap<>();

	Ads1115(String instance, int address, Map<PointConfig, ChannelAddress> bindings) {
		super(NAME, address);
		for (Map.Entry<PointConfig, ChannelAddress> binding : bindings.entrySet()) {
			PointConfig point = binding.getKey();
			ChannelAddress channel = binding.getValue();
			requireType(instance, point, DataType.FLOAT);
			requireInput(instance, point, "ADS1115");
			Integer mux = MUX.get(channel.channel());
			if (mux == null) {
				throw ChannelAddress.invalid(instance, point, "ADS1115 channels are "
						+ MUX.keySet().stream().sorted().toList() + ", not '" + channel.channel() + "'");
			}
			double range = parse(instance, point, channel.option("gain"), 2.048, RANGES, "gain (full-scale volts)");
			int rate = (int) parse(instance, point, channel.option("rate"), 128,
					RATES.stream().map(Integer::doubleValue).toList(), "rate (samples per second)");
			this.conversions.put(point.id(),
					new Conversion(mux, RANGES.indexOf(range), RATES.indexOf(rate), range, rate));
		}
	}

	private static double parse(String instance, PointConfig point, String text, double fallback, List<Double> allowed,
			String what) {
		if (text == null) {
			return fallback;
		}
		try {
			double value = Double.parseDouble(text);
			for (Double candidate : allowed) {
				if (Math.abs(candidate - value) < 1e-9) {
					return candidate;
				}
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw ChannelAddress.invalid(instance, point,
				"ADS1115 " + what + " must be one of " + allowed + ", not '" + text + "'");
	}

	/**
	 * Return the config register word that starts a single-shot conversion of a point.
	 * @param point the point
	 * @return the 16-bit word
	 */
	int configWord(PointConfig point) {
		return this.conversions.get(point.id()).configWord();
	}

	@Override
	void configure(I2cDevice device) {
		// Single-shot mode is the power-on default: the chip sleeps between conversions
	}

	@Override
	Object read(PointConfig point) {
		Conversion conversion = this.conversions.get(point.id());
		int word = conversion.configWord();
		I2cDevice device = device();
		device.write((byte) CONFIG, (byte) (word >> 8), (byte) word);
		Duration period = conversion.period();
		long deadline = System.nanoTime() + period.multipliedBy(4).plusMillis(20).toNanos();
		sleep(period);
		while (true) {
			byte[] config = device.readRegister(CONFIG, 2);
			if ((config[0] & 0x80) != 0) {
				break;
			}
			if (System.nanoTime() > deadline) {
				throw new AdapterException(key() + ": conversion of " + point.id() + " not done within "
						+ period.multipliedBy(4).plusMillis(20).toMillis() + " ms");
			}
			sleep(Duration.ofMillis(1));
		}
		byte[] code = device.readRegister(CONVERSION, 2);
		short raw = (short) (((code[0] & 0xFF) << 8) | (code[1] & 0xFF));
		return raw * conversion.range() / 32768.0;
	}

	@Override
	boolean hasOutputs() {
		return false;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AdapterException("Interrupted while waiting for a conversion", ex);
		}
	}

	/**
	 * How one point is converted.
	 *
	 * @param mux the MUX field
	 * @param pga the PGA field
	 * @param dataRate the DR field
	 * @param range the full-scale range in volts
	 * @param rate samples per second
	 */
	record Conversion(int mux, int pga, int dataRate, double range, int rate) {

		int configWord() {
			// OS = 1 (start), MUX, PGA, MODE = 1 (single-shot), DR, COMP_QUE = 11
			// (disabled)
			return 0x8000 | (this.mux << 12) | (this.pga << 9) | 0x0100 | (this.dataRate << 5) | 0b11;
		}

		Duration period() {
			return Duration.ofNanos(1_000_000_000L / this.rate + 1);
		}

	}

}
