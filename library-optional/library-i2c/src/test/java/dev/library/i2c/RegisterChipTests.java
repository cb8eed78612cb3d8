package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedRegisterChip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic register chip against an EMULATED register map: widths, byte orders, signed
 * values and the frames of the register-pointer protocol.
 *
 * @author Library
 */
class RegisterChipTests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedRegisterChip chip = this.bus.i2c.attach(EmulatedBus.BUS, 0x40, new EmulatedRegisterChip());

	@AfterEach
	void close() {
		this.bus.close();
	}

	@Test
	void aSigned16BitBigEndianRegisterReadsTwosComplement() {
		PointConfig point = EmulatedBus.input("offset", "register@0x40/0x05;width=16;signed", DataType.INTEGER);
		this.chip.set(0x05, 0xFF);
		this.chip.set(0x06, 0x38);
		Adapter adapter = connect(point);
		assertThat(adapter.read(point)).isEqualTo(-200L);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x40)).containsExactly("05");
		adapter.close();
	}

	@Test
	void aLittleEndianOutputWritesTheRegisterAddressThenTheLowByteFirst() {
		PointConfig setpoint = EmulatedBus.point("setpoint", "register@0x40/0x10;width=16;order=little",
				DataType.INTEGER, Access.READ_WRITE, 60000.0, 0L);
		Adapter adapter = connect(setpoint);
		adapter.write(setpoint, 0x1234L);
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x40)).containsExactly("10 34 12");
		assertThat(adapter.read(setpoint)).isEqualTo(0x1234L);
		adapter.close();
		// closing drives the output to its safe value
		assertThat(this.bus.i2c.writes(EmulatedBus.BUS, 0x40)).last().isEqualTo("10 00 00");
	}

	@Test
	void aFloatPointReadsTheRawNumberForItsScale() {
		PointConfig point = EmulatedBus.input("raw", "register@0x40/0x20;width=24", DataType.FLOAT);
		this.chip.set(0x20, 0x01);
		this.chip.set(0x21, 0x00);
		this.chip.set(0x22, 0x02);
		Adapter adapter = connect(point);
		assertThat(adapter.read(point)).isEqualTo(65538.0);
		adapter.close();
	}

	private Adapter connect(PointConfig... points) {
		Adapter adapter = this.bus.i2cProvider.create(EmulatedBus.config("chip", Map.of("bus", "1"), points));
		adapter.connect();
		return adapter;
	}

}
