package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedPcf8574;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PCF8574 driver against the EMULATED chip: exact bytes on the bus, per the NXP
 * datasheet (Rev. 5), section 8.2 "Writing to the port (Output mode)" and 8.3 "Reading
 * from a port (Input mode)".
 *
 * @author Library
 */
class Pcf8574Tests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedPcf8574 chip = this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedPcf8574());

	@AfterEach
	void close() {
		this.bus.close();
	}

	@Test
	void relay3OnAnActiveLowBoardWritesOneByteWithBit3Low() {
		PointConfig[] relays = new PointConfig[8];
		for (int i = 0; i < 8; i++) {
			relays[i] = EmulatedBus.output("relay" + i, "pcf8574@0x20/P" + i + ";active-low");
		}
		Adapter adapter = this.bus.i2cProvider.create(EmulatedBus.config("relays", Map.of("bus", "1"), relays));
		adapter.connect();
		// 8.2: one data byte sets the eight pins; active-low relays are off when high
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("ff");
		adapter.write(relays[3], true);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("ff", "f7");
		assertThat(adapter.read(relays[3])).isEqualTo(true);
		assertThat(adapter.read(relays[2])).isEqualTo(false);
		adapter.close();
	}

	@Test
	void relay3OnAnActiveHighBoardKeepsInputPinsHigh() {
		PointConfig relay3 = EmulatedBus.output("relay3", "pcf8574@0x20/P3");
		PointConfig relay0 = EmulatedBus.output("relay0", "pcf8574@0x20/P0");
		PointConfig flowSwitch = EmulatedBus.input("flow", "pcf8574@0x20/P7", DataType.BOOLEAN);
		Adapter adapter = this.bus.i2cProvider
			.create(EmulatedBus.config("relays", Map.of("bus", "1"), relay0, relay3, flowSwitch));
		adapter.connect();
		// 8.1: a pin read as an input must be written high; unused pins stay at their
		// power-on high
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).containsExactly("f6");
		adapter.write(relay3, true);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).last().isEqualTo("fe");
		assertThat(adapter.read(flowSwitch)).isEqualTo(true);
		this.chip.pullLow(7, true);
		assertThat(adapter.read(flowSwitch)).isEqualTo(false);
		adapter.close();
		// closing a connected adapter leaves the relays in their safe state
		assertThat(this.chip.latch()).isEqualTo(0xf6);
	}

	@Test
	void aShortedOutputReadsBackDifferentlyFromWhatWasWritten() {
		PointConfig relay1 = EmulatedBus.output("relay1", "pcf8574@0x20/P1");
		Adapter adapter = this.bus.i2cProvider.create(EmulatedBus.config("relays", Map.of("bus", "1"), relay1));
		adapter.connect();
		this.chip.pullLow(1, true);
		adapter.write(relay1, true);
		assertThat(adapter.read(relay1)).isEqualTo(false);
		adapter.close();
	}

	@Test
	void aPinUsedTwiceIsRefusedNamingThePoint() {
		AdapterConfig config = EmulatedBus.config("relays", Map.of("bus", "1"),
				EmulatedBus.output("pump", "pcf8574@0x20/P1"), EmulatedBus.output("valve", "pcf8574@0x20/P1"));
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider.create(config))
			.withMessageContaining("board.valve")
			.withMessageContaining("already used");
	}

	@Test
	void closingAnAdapterThatNeverConnectedLeavesTheChipAlone() {
		Adapter adapter = this.bus.i2cProvider
			.create(EmulatedBus.config("relays", Map.of("bus", "1"), EmulatedBus.output("pump", "pcf8574@0x20/P1")));
		adapter.close();
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x20)).isEmpty();
	}

}
