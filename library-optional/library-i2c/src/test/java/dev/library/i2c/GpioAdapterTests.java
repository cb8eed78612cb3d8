package dev.library.i2c;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code gpio} type on Pi4J's MOCK digital providers: active-low outputs, safe states
 * as Pi4J's initial and shutdown states, debounce.
 *
 * @author Library
 */
class GpioAdapterTests {

	private final EmulatedBus bus = new EmulatedBus();

	private final PointConfig pump = EmulatedBus.output("pump", "17");

	private final PointConfig valve = EmulatedBus.output("valve", "27;active-low");

	private final PointConfig flow = EmulatedBus.input("flow", "22;debounce=20ms", DataType.BOOLEAN);

	private final Adapter adapter = this.bus.gpioProvider.create(new AdapterConfig("pins", "gpio", Map.of(),
			List.of(new DeviceConfig("board", "", List.of(this.pump, this.valve, this.flow)))));

	@AfterEach
	void close() {
		this.adapter.close();
		this.bus.close();
	}

	@Test
	void onePinInTwoInstancesIsRefused() {
		PointConfig otherPump = EmulatedBus.output("other", "17;active-low");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.gpioProvider.checkInstances(List.of(
					new AdapterConfig("pins", "gpio", Map.of(),
							List.of(new DeviceConfig("board", "", List.of(this.pump)))),
					new AdapterConfig("more-pins", "gpio", Map.of(),
							List.of(new DeviceConfig("board", "", List.of(otherPump)))))))
			.withMessage("gpio instances share pins: GPIO 17 is used by board.pump and by board.other");
	}

	@Test
	void outputsComeUpSafeWithTheSafeLevelAsPi4jShutdownState() {
		this.adapter.connect();
		DigitalOutput valvePin = this.bus.context.registry().get("library-gpio-pins-27");
		// active-low: "off" (the safe value) is the high level
		assertThat(valvePin.state()).isEqualTo(DigitalState.HIGH);
		assertThat(valvePin.config().shutdownState()).isEqualTo(DigitalState.HIGH);
		this.adapter.write(this.valve, true);
		assertThat(valvePin.state()).isEqualTo(DigitalState.LOW);
		assertThat(this.adapter.read(this.valve)).isEqualTo(true);
		DigitalOutput pumpPin = this.bus.context.registry().get("library-gpio-pins-17");
		assertThat(pumpPin.config().shutdownState()).isEqualTo(DigitalState.LOW);
	}

	@Test
	void closingAConnectedAdapterDrivesTheOutputsSafe() {
		this.adapter.connect();
		this.adapter.write(this.pump, true);
		DigitalOutput pumpPin = this.bus.context.registry().get("library-gpio-pins-17");
		this.adapter.close();
		assertThat(pumpPin.state()).isEqualTo(DigitalState.LOW);
		assertThat(this.bus.context.registry().exists("library-gpio-pins-17")).isFalse();
	}

	@Test
	void aSteadyInputReadsAfterItsDebounceTime() {
		this.adapter.connect();
		MockDigitalInput flowPin = this.bus.context.registry().get("library-gpio-pins-22");
		flowPin.mockState(DigitalState.HIGH);
		assertThat(this.adapter.read(this.flow)).isEqualTo(true);
	}

	@Test
	void aBouncingInputFailsItsReadInsteadOfGivingARandomLevel() {
		GpioPin pin = GpioPin.parse("pins", this.flow);
		AtomicBoolean contact = new AtomicBoolean();
		// a contact that changes between every two samples never holds a level
		assertThatExceptionOfType(AdapterException.class)
			.isThrownBy(() -> GpioAdapter.debounced(pin, () -> contact.getAndSet(!contact.get())))
			.withMessageContaining("bouncing");
		// one that settles after a few bounces reads its settled level
		AtomicInteger samples = new AtomicInteger();
		assertThat(GpioAdapter.debounced(pin, () -> samples.incrementAndGet() > 3 || samples.get() % 2 == 0)).isTrue();
	}

	@Test
	void debounceOnAnOutputIsRefused() {
		AdapterConfig config = new AdapterConfig("pins", "gpio", Map.of(),
				List.of(new DeviceConfig("board", "", List.of(EmulatedBus.output("pump", "17;debounce=10ms")))));
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.gpioProvider.create(config))
			.withMessageContaining("board.pump");
	}

}
