package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.PointValues;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedAds1115;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The ADS1115 driver against the EMULATED chip, per TI SBAS444D: 9.6.3 (config register:
 * OS, MUX, PGA, MODE, DR, COMP_QUE), 9.4.2 (single-shot conversions and the OS bit),
 * 9.3.3 (output codes) and 9.5.4/9.5.5 (write and read frames through the pointer
 * register).
 *
 * @author Library
 */
class Ads1115Tests {

	private static final double LSB_4V = 4.096 / 32768;

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedAds1115 chip = this.bus.i2c.attach(EmulatedBus.BUS, 0x48, new EmulatedAds1115());

	@AfterEach
	void close() {
		this.bus.close();
	}

	@Test
	void ain0SingleEndedAtGain4096And128SpsWritesConfig0xC383() {
		PointConfig pressure = EmulatedBus.input("pressure", "ads1115@0x48/AIN0;gain=4.096;rate=128", DataType.FLOAT);
		this.chip.input(0, 1.234);
		Adapter adapter = connect(pressure);
		double volts = (Double) adapter.read(pressure);
		// OS=1, MUX=100 (AIN0-GND), PGA=001 (+-4.096 V), MODE=1, DR=100 (128 SPS),
		// COMP_QUE=11: 1100 0011 1000 0011
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x48)).first().isEqualTo("01 c3 83");
		assertThat(this.chip.config()).isEqualTo(0x4383);
		assertThat(volts).isCloseTo(1.234, within(LSB_4V));
		adapter.close();
	}

	@Test
	void differentialAin0Ain1AtDefaultGainAnd860SpsWritesConfig0x85E3() {
		PointConfig bridge = EmulatedBus.input("bridge", "ads1115@0x48/AIN0-AIN1;rate=860", DataType.FLOAT);
		this.chip.input(0, 0.500);
		this.chip.input(1, 0.750);
		Adapter adapter = connect(bridge);
		double volts = (Double) adapter.read(bridge);
		// OS=1, MUX=000, PGA=010 (+-2.048 V), MODE=1, DR=111, COMP_QUE=11
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x48)).first().isEqualTo("01 85 e3");
		assertThat(volts).isCloseTo(-0.250, within(2.048 / 32768));
		adapter.close();
	}

	@Test
	void eachReadWaitsForItsOwnConversionEvenAtEightSamplesPerSecond() {
		PointConfig first = EmulatedBus.input("first", "ads1115@0x48/AIN2;rate=8;gain=6.144", DataType.FLOAT);
		PointConfig second = EmulatedBus.input("second", "ads1115@0x48/AIN3;rate=8;gain=6.144", DataType.FLOAT);
		this.chip.input(2, 3.3);
		this.chip.input(3, 0.6);
		Adapter adapter = connect(first, second);
		// The conversion register keeps the previous code until a conversion ends (125 ms
		// at 8 SPS): a driver that did not wait for OS would read 3.3 V twice
		assertThat((Double) adapter.read(first)).isCloseTo(3.3, within(6.144 / 32768));
		assertThat((Double) adapter.read(second)).isCloseTo(0.6, within(6.144 / 32768));
		adapter.close();
	}

	@Test
	void thePointScalesVoltsToEngineeringUnits() {
		// A 0.5-4.5 V pressure transmitter for 0-10 bar: bar = volts * 2.5 - 1.25
		PointConfig pressure = new PointConfig("board", "pressure", "ads1115@0x48/AIN0;gain=6.144", DataType.FLOAT,
				"bar", 0.0, 10.0, Access.READ, java.time.Duration.ofSeconds(1), 2.5, -1.25, "test.board.pressure",
				null);
		this.chip.input(0, 2.5);
		Adapter adapter = connect(pressure);
		assertThat(PointValues.toEngineering(pressure, adapter.read(pressure)).doubleValue()).isCloseTo(5.0,
				within(0.001));
		adapter.close();
	}

	@Test
	void anUnknownGainIsRefusedNamingThePoint() {
		PointConfig pressure = EmulatedBus.input("pressure", "ads1115@0x48/AIN0;gain=3.3", DataType.FLOAT);
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider.create(EmulatedBus.config("adc", Map.of("bus", "1"), pressure)))
			.withMessageContaining("board.pressure")
			.withMessageContaining("gain");
	}

	@Test
	void anOutputOnTheAdcIsRefused() {
		PointConfig output = EmulatedBus.point("out", "ads1115@0x48/AIN0", DataType.FLOAT, Access.READ_WRITE, 5.0, 0.0);
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider.create(EmulatedBus.config("adc", Map.of("bus", "1"), output)))
			.withMessageContaining("access must be READ");
	}

	private Adapter connect(PointConfig... points) {
		Adapter adapter = this.bus.i2cProvider.create(EmulatedBus.config("adc", Map.of("bus", "1"), points));
		adapter.connect();
		return adapter;
	}

}
