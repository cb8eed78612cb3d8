package dev.library.i2c;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedI2cProvider;
import dev.library.session.ResourcePools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * A Pi4J context whose I2C provider is the {@link EmulatedI2cProvider emulation} and
 * whose GPIO providers are Pi4J's mocks, with the adapter providers on it: what the tests
 * drive instead of a Pi.
 *
 * @author Library
 */
final class EmulatedBus implements AutoCloseable {

	static final int BUS = 1;

	final EmulatedI2cProvider i2c = new EmulatedI2cProvider();

	final Context context = Pi4J.newContextBuilder()
		.add(this.i2c, MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
		.build();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final I2cBuses buses = new I2cBuses(new ResourcePools(Schedulers.parallel(), this.meters));

	final I2cAdapterProvider i2cProvider = new I2cAdapterProvider(this.context, EmulatedI2cProvider.ID, 2,
			Duration.ofMillis(500), this.meters, this.buses);

	final GpioAdapterProvider gpioProvider = new GpioAdapterProvider(this.context, MockDigitalOutputProvider.ID,
			MockDigitalInputProvider.ID);

	@Override
	public void close() {
		this.context.shutdown();
		this.buses.close();
	}

	static AdapterConfig config(String id, Map<String, String> settings, PointConfig... points) {
		return new AdapterConfig(id, "i2c", settings, List.of(new DeviceConfig("board", "", List.of(points))));
	}

	static PointConfig output(String name, String address) {
		return new PointConfig("board", name, address, DataType.BOOLEAN, "", null, null, Access.READ_WRITE,
				Duration.ofSeconds(1), 1.0, 0.0, "test.board." + name, false);
	}

	static PointConfig input(String name, String address, DataType type) {
		return point(name, address, type, Access.READ, null, null);
	}

	static PointConfig point(String name, String address, DataType type, Access access, @Nullable Double maximum,
			@Nullable Object safeValue) {
		return new PointConfig("board", name, address, type, "", null, maximum, access, Duration.ofSeconds(1), 1.0, 0.0,
				"test.board." + name, safeValue);
	}

}
