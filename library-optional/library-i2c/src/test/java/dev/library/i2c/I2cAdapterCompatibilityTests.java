package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterCompatibilityKit;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.DataType;
import dev.library.i2c.emulation.EmulatedAds1115;
import dev.library.i2c.emulation.EmulatedMcp23017;
import dev.library.i2c.emulation.EmulatedPcf8574;
import dev.library.i2c.emulation.EmulatedRegisterChip;
import dev.library.i2c.emulation.EmulatedSht31;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@code i2c} type passes the adapter compatibility kit with every chip it drives, on
 * an EMULATED bus (Pi4J's real I2C code path, chips emulated at the byte level).
 *
 * @author Library
 */
class I2cAdapterCompatibilityTests extends AdapterCompatibilityKit {

	private final EmulatedBus bus = new EmulatedBus();

	I2cAdapterCompatibilityTests() {
		this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedMcp23017());
		this.bus.i2c.attach(EmulatedBus.BUS, 0x21, new EmulatedPcf8574());
		this.bus.i2c.attach(EmulatedBus.BUS, 0x48, new EmulatedAds1115()).input(0, 1.5);
		this.bus.i2c.attach(EmulatedBus.BUS, 0x44, new EmulatedSht31());
		this.bus.i2c.attach(EmulatedBus.BUS, 0x50, new EmulatedRegisterChip());
	}

	@AfterEach
	void closeBus() {
		this.bus.close();
	}

	@Override
	protected AdapterProvider provider() {
		return this.bus.i2cProvider;
	}

	@Override
	protected AdapterConfig config() {
		return EmulatedBus.config("kit", Map.of("bus", "1"),
				EmulatedBus.output("relay1", "mcp23017@0x20/GPA1;active-low"),
				EmulatedBus.input("float", "mcp23017@0x20/GPB0;pull-up", DataType.BOOLEAN),
				EmulatedBus.output("valve", "pcf8574@0x21/P4"),
				EmulatedBus.input("pressure", "ads1115@0x48/AIN0;gain=4.096;rate=860", DataType.FLOAT),
				EmulatedBus.input("temperature", "sht31@0x44/TEMPERATURE;repeatability=low", DataType.FLOAT),
				EmulatedBus.point("setpoint", "register@0x50/0x10;width=16", DataType.INTEGER, Access.READ_WRITE,
						1000.0, 0L));
	}

	@Override
	protected AdapterConfig invalidConfig() {
		return EmulatedBus.config("broken", Map.of("bus", "1"), EmulatedBus.output("relay", "max7219@0x20/D0"));
	}

}
