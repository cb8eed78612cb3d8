package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedSht31;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The SHT31 driver against the EMULATED sensor, per the Sensirion "SHT3x-DIS" datasheet:
 * 4.3 (single-shot commands, table 9), 4.4 (NACK while measuring), 4.5 (data frame), 4.12
 * (CRC-8, table 19: CRC of 0xBEEF is 0x92) and 4.13 (conversion formulas).
 *
 * @author Library
 */
class Sht31Tests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedSht31 sensor = this.bus.i2c.attach(EmulatedBus.BUS, 0x44, new EmulatedSht31());

	private final PointConfig temperature = EmulatedBus.input("temperature", "sht31@0x44/TEMPERATURE", DataType.FLOAT);

	private final PointConfig humidity = EmulatedBus.input("humidity", "sht31@0x44/HUMIDITY;repeatability=low",
			DataType.FLOAT);

	private final Adapter adapter = this.bus.i2cProvider
		.create(EmulatedBus.config("climate", Map.of("bus", "1"), this.temperature, this.humidity));

	@AfterEach
	void close() {
		this.adapter.close();
		this.bus.close();
	}

	@Test
	void crcOfTheDatasheetExampleIs0x92() {
		assertThat(Sht31.crc8(new byte[] { (byte) 0xBE, (byte) 0xEF }, 0, 2)).isEqualTo(0x92);
	}

	@Test
	void singleShotMeasurementsUseTheirRepeatabilityCommand() {
		this.sensor.climate(21.5, 45.0);
		this.adapter.connect();
		assertThat((Double) this.adapter.read(this.temperature)).isCloseTo(21.5, within(0.01));
		assertThat((Double) this.adapter.read(this.humidity)).isCloseTo(45.0, within(0.01));
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x44)).containsExactly("24 00", "24 16");
	}

	@Test
	void aBadCrcFailsTheReadInsteadOfGivingAWrongValue() {
		this.adapter.connect();
		this.sensor.corruptNextCrc();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.adapter.read(this.temperature))
			.withMessageContaining("CRC mismatch");
		// a bad frame is not a lost sensor: the bus stays connected, the next read is
		// good
		assertThat(this.adapter.isConnected()).isTrue();
		assertThat((Double) this.adapter.read(this.temperature)).isCloseTo(21.5, within(0.01));
		assertThat(this.bus.meters.get("library.i2c.errors").tag("chip", "sht31").counter().count()).isEqualTo(1);
	}

}
