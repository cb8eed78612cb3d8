package dev.library.adapters.virtual;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterCompatibilityKit;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;

/**
 * The virtual plant passes the adapter compatibility kit.
 *
 * @author Library
 */
class VirtualPlantAdapterCompatibilityTests extends AdapterCompatibilityKit {

	@Override
	protected AdapterProvider provider() {
		return new VirtualAdapterProvider();
	}

	@Override
	protected AdapterConfig config() {
		return new AdapterConfig("kit", "virtual", Map.of("seed", "1"),
				List.of(new DeviceConfig("plant", "",
						List.of(point("level", "tank.level", DataType.FLOAT, Access.READ, null),
								point("temperature", "tank.temperature", DataType.FLOAT, Access.READ, null),
								point("overflowed", "tank.overflowed", DataType.BOOLEAN, Access.READ, null),
								point("pump", "pump.running", DataType.BOOLEAN, Access.READ_WRITE, false),
								point("valve", "valve.position", DataType.FLOAT, Access.READ_WRITE, 0.0),
								point("count", "memory.count", DataType.INTEGER, Access.READ_WRITE, 0L),
								point("label", "memory.label", DataType.STRING, Access.READ_WRITE, "")))));
	}

	@Override
	protected AdapterConfig invalidConfig() {
		return new AdapterConfig("broken", "virtual", Map.of(), List.of(new DeviceConfig("plant", "",
				List.of(point("nothing", "tank.nothing", DataType.FLOAT, Access.READ, null)))));
	}

	static PointConfig point(String name, String address, DataType type, Access access, Object safeValue) {
		Duration poll = name.equals("level") ? Duration.ofSeconds(1) : null;
		return new PointConfig("plant", name, address, type, "", null, (type == DataType.FLOAT) ? 100.0 : null, access,
				poll, 1.0, 0.0, "kit.plant." + name, safeValue);
	}

}
