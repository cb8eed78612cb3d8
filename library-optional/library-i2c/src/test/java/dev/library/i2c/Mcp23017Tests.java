package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedMcp23017;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP23017 driver against the EMULATED chip: exact frames on the bus, per Microchip
 * DS20001952C, table 3-5 (register addresses with {@code IOCON.BANK = 0}), figure 3-6
 * (write: register address, then data), 3.5.1 ({@code IODIR}), 3.5.7 ({@code GPPU}),
 * 3.5.10 ({@code GPIO}) and 3.5.11 ({@code OLAT}).
 *
 * @author Library
 */
class Mcp23017Tests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedMcp23017 chip = this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedMcp23017());

	private final PointConfig[] relays = new PointConfig[8];

	private final PointConfig floatSwitch = EmulatedBus.input("float", "mcp23017@0x20/GPB0;pull-up", DataType.BOOLEAN);

	private final Adapter adapter;

	Mcp23017Tests() {
		for (int i = 0; i < 8; i++) {
			this.relays[i] = EmulatedBus.output("relay" + i, "mcp23017@0x20/GPA" + i + ";active-low");
		}
		PointConfig[] points = new PointConfig[9];
		System.arraycopy(this.relays, 0, points, 0, 8);
		points[8] = this.floatSwitch;
		this.adapter = this.bus.i2cProvider.create(EmulatedBus.config("relays", Map.of("bus", "1"), points));
	}

	@AfterEach
	void close() {
		this.adapter.close();
		this.bus.close();
	}

	@Test
	void connectingLatchesTheSafeLevelsBeforeMakingThePinsOutputs() {
		this.adapter.connect();
		// OLATA = 0xFF (active-low relays off), OLATB = 0x00; then IODIRA = 0x00
		// (outputs),
		// IODIRB = 0xFF (inputs); then GPPUA = 0x00, GPPUB = 0x01 (pull-up on GPB0)
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("14 ff", "15 00", "00 00", "01 ff",
				"0c 00", "0d 01");
		assertThat(this.chip.register(0x00)).isZero();
		assertThat(this.chip.register(0x14)).isEqualTo(0xff);
	}

	@Test
	void relay3OnWritesOlatAWithBit3LowAndReadsBackGpioA() {
		this.adapter.connect();
		this.bus.i2c.writes(EmulatedBus.BUS, 0x20).clear();
		this.adapter.write(this.relays[3], true);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("14 f7");
		assertThat(this.adapter.read(this.relays[3])).isEqualTo(true);
		// read-back: register pointer to GPIOA (0x12), then one byte read
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("14 f7", "12");
		this.adapter.write(this.relays[5], true);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).last().isEqualTo("14 d7");
	}

	@Test
	void inputsReadTheirOutsideLevel() {
		this.adapter.connect();
		this.chip.input(1, 0, true);
		assertThat(this.adapter.read(this.floatSwitch)).isEqualTo(true);
		this.chip.input(1, 0, false);
		assertThat(this.adapter.read(this.floatSwitch)).isEqualTo(false);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).last().isEqualTo("13");
	}

	@Test
	void aPinForcedFromOutsideReadsBackDifferently() {
		this.adapter.connect();
		this.chip.force(0, 3, true);
		this.adapter.write(this.relays[3], true);
		assertThat(this.adapter.read(this.relays[3])).isEqualTo(false);
	}

}
