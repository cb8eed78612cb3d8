package dev.library.adapters.virtual;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The physics, faults and watchdog of {@link VirtualPlantAdapter}.
 *
 * @author Library
 */
class VirtualPlantAdapterTests {

	private static final PointConfig LEVEL = point("level", "tank.level", DataType.FLOAT, Access.READ);

	private static final PointConfig TEMPERATURE = point("temperature", "tank.temperature", DataType.FLOAT,
			Access.READ);

	private static final PointConfig OVERFLOWED = point("overflowed", "tank.overflowed", DataType.BOOLEAN, Access.READ);

	private static final PointConfig DRY = point("dry", "tank.dry-running", DataType.BOOLEAN, Access.READ);

	private static final PointConfig PUMP = point("pump", "pump.running", DataType.BOOLEAN, Access.READ_WRITE);

	private static final PointConfig VALVE = point("valve", "valve.position", DataType.FLOAT, Access.READ_WRITE);

	@TempDir
	Path directory;

	private final List<VirtualPlantAdapter> adapters = new ArrayList<>();

	@AfterEach
	void close() {
		this.adapters.forEach(VirtualPlantAdapter::close);
	}

	@Test
	void pumpRaisesTheLevelAndTheValveLowersIt() {
		VirtualPlantAdapter plant = plant(Map.of("initial-level", "50", "fill-rate", "50", "drain-rate", "50"));
		double start = (double) plant.read(LEVEL);
		plant.write(PUMP, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> (double) plant.read(LEVEL) > start + 5);
		plant.write(PUMP, false);
		double high = (double) plant.read(LEVEL);
		plant.write(VALVE, 100.0);
		await().atMost(Duration.ofSeconds(5)).until(() -> (double) plant.read(LEVEL) < high - 5);
		plant.write(VALVE, 0.0);
		assertThat(plant.overflowed()).isFalse();
		assertThat(plant.dryRunning()).isFalse();
	}

	@Test
	void tankOverflowsWhenThePumpRunsWhileItIsFull() {
		VirtualPlantAdapter plant = plant(Map.of("initial-level", "95", "fill-rate", "100"));
		plant.write(PUMP, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> (boolean) plant.read(OVERFLOWED));
		assertThat((double) plant.read(LEVEL)).isEqualTo(100.0);
		plant.write(PUMP, false);
		assertThat((boolean) plant.read(OVERFLOWED)).as("latched").isTrue();
	}

	@Test
	void tankRunsDryWhenTheValveIsOpenWhileItIsEmpty() {
		VirtualPlantAdapter plant = plant(Map.of("initial-level", "3", "drain-rate", "100"));
		plant.write(VALVE, 100.0);
		await().atMost(Duration.ofSeconds(5)).until(() -> (boolean) plant.read(DRY));
		assertThat((double) plant.read(LEVEL)).isZero();
		assertThat(plant.dryRunning()).isTrue();
	}

	@Test
	void temperatureNoiseIsReproducibleFromTheSeed() {
		List<Object> first = temperatures(plant(Map.of("seed", "9")));
		List<Object> second = temperatures(plant(Map.of("seed", "9")));
		List<Object> other = temperatures(plant(Map.of("seed", "10")));
		assertThat(first).isEqualTo(second).isNotEqualTo(other).doesNotHaveDuplicates();
		assertThat(first).allSatisfy((value) -> assertThat((double) value).isBetween(18.0, 22.0));
	}

	@Test
	void plantWatchdogGoesSafeWhenNotFed() throws Exception {
		Path outputs = this.directory.resolve("outputs.properties");
		VirtualPlantAdapter plant = plant(Map.of("outputs-file", outputs.toString()));
		plant.arm(Duration.ofMillis(200));
		plant.write(PUMP, true);
		plant.write(VALVE, 40.0);
		assertThat(Files.readString(outputs)).contains("pump.running=true", "valve.position=40.0");
		plant.feed();
		assertThat((boolean) plant.read(PUMP)).isTrue();
		Thread.sleep(400);
		assertThat((boolean) plant.read(PUMP)).isFalse();
		assertThat((double) plant.read(VALVE)).isZero();
		assertThat(Files.readString(outputs)).contains("pump.running=false", "valve.position=0.0");
	}

	@Test
	void plantCreatedOnlyToCheckAConfigurationLeavesTheOutputsFileAlone() throws Exception {
		Path outputs = this.directory.resolve("outputs.properties");
		Files.writeString(outputs, "pump.running=true\n");
		new VirtualAdapterProvider().create(config(Map.of("outputs-file", outputs.toString()), List.of(PUMP))).close();
		assertThat(Files.readString(outputs)).isEqualTo("pump.running=true\n");
	}

	@Test
	void invalidSettingsAndAddressesAreRefused() {
		VirtualAdapterProvider provider = new VirtualAdapterProvider();
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> provider.create(config(Map.of("speed", "3"), List.of(LEVEL))))
			.withMessageContaining("unknown virtual plant setting 'speed'");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> provider.create(config(Map.of("fill-rate", "fast"), List.of(LEVEL))))
			.withMessageContaining("'fill-rate' must be a number");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> provider
				.create(config(Map.of(), List.of(point("level", "tank.level", DataType.FLOAT, Access.READ_WRITE)))))
			.withMessageContaining("is a sensor: read only");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> provider
				.create(config(Map.of(), List.of(point("pump", "pump.running", DataType.FLOAT, Access.READ_WRITE)))))
			.withMessageContaining("is BOOLEAN, not FLOAT");
	}

	@Test
	void writeOfAValueTheDeviceCannotTakeFails() {
		VirtualPlantAdapter plant = plant(Map.of());
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> plant.write(VALVE, 120.0))
			.withMessageContaining("from 0 to 100");
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> plant.write(PUMP, "on"))
			.withMessageContaining("takes BOOLEAN");
	}

	private List<Object> temperatures(VirtualPlantAdapter plant) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			values.add(plant.read(TEMPERATURE));
		}
		return values;
	}

	private VirtualPlantAdapter plant(Map<String, String> settings) {
		VirtualPlantAdapter plant = (VirtualPlantAdapter) new VirtualAdapterProvider()
			.create(config(settings, List.of(LEVEL, TEMPERATURE, OVERFLOWED, DRY, PUMP, VALVE)));
		plant.connect();
		this.adapters.add(plant);
		return plant;
	}

	private static AdapterConfig config(Map<String, String> settings, List<PointConfig> points) {
		return new AdapterConfig("tank", "virtual", settings, List.of(new DeviceConfig("plant", "", points)));
	}

	private static PointConfig point(String name, String address, DataType type, Access access) {
		Object safe = (access == Access.READ) ? null : (type == DataType.BOOLEAN) ? (Object) false : (Object) 0.0;
		return new PointConfig("plant", name, address, type, "", null, null, access, Duration.ofSeconds(1), 1.0, 0.0,
				"tank.plant." + name, safe);
	}

}
