package dev.library.i2c;

import java.util.Map;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedAds1115;
import dev.library.i2c.emulation.EmulatedMcp23017;
import dev.library.i2c.emulation.EmulatedPcf8574;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code i2c} bus adapter on EMULATED chips: bounded retries, meters per chip, and
 * what an I/O error does to the outputs.
 *
 * @author Library
 */
class I2cBusAdapterTests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedMcp23017 relays = this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedMcp23017());

	private final EmulatedPcf8574 station = this.bus.i2c.attach(EmulatedBus.BUS, 0x21, new EmulatedPcf8574());

	private final EmulatedAds1115 adc = this.bus.i2c.attach(EmulatedBus.BUS, 0x48, new EmulatedAds1115());

	private final PointConfig relay = EmulatedBus.output("relay", "mcp23017@0x20/GPA0");

	private final PointConfig pump = EmulatedBus.output("pump", "pcf8574@0x21/P0");

	private final PointConfig pressure = EmulatedBus.input("pressure", "ads1115@0x48/AIN0;rate=860", DataType.FLOAT);

	private final Adapter adapter = this.bus.i2cProvider
		.create(EmulatedBus.config("bus1", Map.of("bus", "1", "retries", "2"), this.relay, this.pump, this.pressure));

	@AfterEach
	void close() {
		this.adapter.close();
		this.bus.close();
	}

	@Test
	void aNackIsRetriedUpToTheRetriesAndCounted() {
		this.adapter.connect();
		this.bus.i2c.nackNext(EmulatedBus.BUS, 0x21, 2);
		this.adapter.write(this.pump, true);
		assertThat(this.station.latch() & 0x01).isEqualTo(0x01);
		assertThat(this.bus.meters.get("library.i2c.retries").tag("address", "0x21").counter().count()).isEqualTo(2);
		assertThat(this.bus.meters.get("library.i2c.errors").tag("address", "0x21").counter().count()).isZero();
		assertThat(this.adapter.isConnected()).isTrue();
	}

	@Test
	void anOutputChipFailingAfterItsRetriesDrivesEveryOutputSafeAndDisconnects() {
		this.adapter.connect();
		this.adapter.write(this.relay, true);
		assertThat(this.relays.register(0x14) & 0x01).isEqualTo(0x01);
		this.bus.i2c.nackNext(EmulatedBus.BUS, 0x21, 3);
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.adapter.write(this.pump, true))
			.withMessageContaining("pcf8574@0x21 on bus 1")
			.withMessageContaining("after 3 attempts");
		assertThat(this.relays.register(0x14) & 0x01).isZero();
		assertThat(this.adapter.isConnected()).isFalse();
		assertThat(this.bus.meters.get("library.i2c.errors").tag("address", "0x21").counter().count()).isEqualTo(1);
		assertThat(this.bus.meters.get("library.i2c.transactions")
			.tags("address", "0x21", "outcome", "failure")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aSensorFailingOnlyFailsItsPoint() {
		this.adapter.connect();
		this.adapter.write(this.relay, true);
		this.bus.i2c.unplug(EmulatedBus.BUS, 0x48, true);
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.adapter.read(this.pressure));
		assertThat(this.adapter.isConnected()).isTrue();
		assertThat(this.relays.register(0x14) & 0x01).isEqualTo(0x01);
		this.bus.i2c.unplug(EmulatedBus.BUS, 0x48, false);
		this.adc.input(0, 1.0);
		assertThat((Double) this.adapter.read(this.pressure)).isBetween(0.999, 1.001);
	}

	@Test
	void connectingFailsWhileAnOutputChipIsMissingAndLeavesTheOthersSafe() {
		this.bus.i2c.unplug(EmulatedBus.BUS, 0x21, true);
		assertThatExceptionOfType(AdapterException.class).isThrownBy(this.adapter::connect)
			.withMessageContaining("0x21");
		assertThat(this.adapter.isConnected()).isFalse();
		assertThat(this.relays.register(0x14) & 0x01).isZero();
		this.bus.i2c.unplug(EmulatedBus.BUS, 0x21, false);
		this.adapter.connect();
		assertThat(this.adapter.isConnected()).isTrue();
	}

	@Test
	void theBusListsItsChipsWithTheirCountsWhileInUse() {
		assertThat(this.bus.buses.list()).isEmpty();
		this.adapter.connect();
		this.bus.i2c.nackNext(EmulatedBus.BUS, 0x21, 1);
		this.adapter.write(this.pump, true);
		assertThat(this.bus.buses.list()).singleElement().satisfies((listed) -> {
			assertThat(listed.instance()).isEqualTo("bus1");
			assertThat(listed.bus()).isEqualTo(1);
			assertThat(listed.connected()).isTrue();
			assertThat(listed.chips()).extracting(I2cBuses.ChipStatus::address).containsExactly("0x20", "0x21", "0x48");
			assertThat(listed.chips()).allMatch(I2cBuses.ChipStatus::open);
			assertThat(listed.chips().get(1).retries()).isEqualTo(1);
			assertThat(listed.chips().get(1).chip()).isEqualTo("pcf8574");
		});
		this.adapter.close();
		assertThat(this.bus.buses.list()).isEmpty();
	}

	@Test
	void twoChipsAtOneAddressAreRefused() {
		assertThatExceptionOfType(dev.library.adapters.spi.AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider.create(EmulatedBus.config("bus1", Map.of("bus", "1"),
					EmulatedBus.output("a", "mcp23017@0x20/GPA0"), EmulatedBus.output("b", "pcf8574@0x20/P1"))))
			.withMessageContaining("board.b")
			.withMessageContaining("already a mcp23017");
	}

	@Test
	void aMissingBusIsRefused() {
		assertThatExceptionOfType(dev.library.adapters.spi.AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider.create(EmulatedBus.config("bus1", Map.of(), this.relay)))
			.withMessageContaining("'bus' is required");
	}

}
