package dev.library.i2c;

import java.time.Duration;
import java.util.Map;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedMcp23017;
import dev.library.i2c.emulation.EmulatedPcf8574;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The commissioning scan of a bus of EMULATED chips: what answers, which configured chips
 * do not, and a bus this machine does not have.
 *
 * @author Library
 */
class I2cBusScannerTests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedMcp23017 relays = this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedMcp23017());

	private final EmulatedPcf8574 spare = this.bus.i2c.attach(EmulatedBus.BUS, 0x27, new EmulatedPcf8574());

	private final Adapter relayBoard = this.bus.i2cProvider
		.create(EmulatedBus.config("relays", Map.of("bus", "1"), EmulatedBus.output("relay", "mcp23017@0x20/GPA0")));

	private final PointConfig pressure = EmulatedBus.input("pressure", "ads1115@0x48/AIN0", DataType.FLOAT);

	private final Adapter sensors = this.bus.i2cProvider
		.create(EmulatedBus.config("sensors", Map.of("bus", "1"), this.pressure));

	private final I2cBusScanner scanner = new I2cBusScanner(this.bus.context, "emulated-i2c", this.bus.buses,
			Duration.ofMillis(200));

	@AfterEach
	void close() {
		this.relayBoard.close();
		this.sensors.close();
		this.bus.close();
	}

	@Test
	void findsWhatAnswersAndNamesTheConfiguredChipsThatDoNot() {
		this.relayBoard.connect();
		// Nothing answers at 0x48: the sensors' instance connects, its reading fails
		this.sensors.connect();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.sensors.read(this.pressure));
		int writesBefore = this.bus.i2c.writes(EmulatedBus.BUS, 0x20).size();
		I2cBusScanner.Scan scan = this.scanner.scan(EmulatedBus.BUS).block(Duration.ofSeconds(10));
		assertThat(scan).isNotNull();
		assertThat(scan.range()).isEqualTo("0x08-0x77");
		assertThat(scan.found()).containsExactly(new I2cBusScanner.Found("0x20", false, "mcp23017", "relays"),
				new I2cBusScanner.Found("0x27", true, null, null));
		assertThat(scan.missing()).containsExactly(new I2cBusScanner.Missing("0x48", "ads1115", "sensors"));
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).as("an open chip is not probed").hasSize(writesBefore);
	}

	@Test
	void aBusWithoutDeviceFileIsNotFound() {
		I2cBusScanner linux = new I2cBusScanner(this.bus.context, "linuxfs-i2c", this.bus.buses,
				Duration.ofMillis(200));
		assertThatExceptionOfType(I2cBusScanner.BusNotFoundException.class)
			.isThrownBy(() -> linux.scan(250).block(Duration.ofSeconds(10)))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("/dev/i2c-250"));
	}

}
