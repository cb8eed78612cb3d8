package dev.library.i2c;

import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.AdapterCompatibilityKit;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@code gpio} type passes the adapter compatibility kit on Pi4J's MOCK digital
 * providers.
 *
 * @author Library
 */
class GpioAdapterCompatibilityTests extends AdapterCompatibilityKit {

	private final EmulatedBus bus = new EmulatedBus();

	@AfterEach
	void closeContext() {
		this.bus.close();
	}

	@Override
	protected AdapterProvider provider() {
		return this.bus.gpioProvider;
	}

	@Override
	protected AdapterConfig config() {
		return new AdapterConfig("pins", "gpio", Map.of(),
				List.of(new DeviceConfig("board", "",
						List.of(EmulatedBus.output("pump", "17"), EmulatedBus.output("valve", "27;active-low"),
								EmulatedBus.input("flow", "22;pull=up;debounce=5ms", DataType.BOOLEAN)))));
	}

	@Override
	protected AdapterConfig invalidConfig() {
		return new AdapterConfig("broken", "gpio", Map.of(), List.of(new DeviceConfig("board", "",
				List.of(EmulatedBus.output("pump", "17"), EmulatedBus.output("valve", "17")))));
	}

}
