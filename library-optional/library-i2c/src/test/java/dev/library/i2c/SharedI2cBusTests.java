package dev.library.i2c;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.i2c.emulation.EmulatedAds1115;
import dev.library.i2c.emulation.EmulatedMcp23017;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.offset;

/**
 * Two {@code i2c} instances sharing one bus of EMULATED chips through the bus's session
 * pool: their transactions never overlap, a chip that hangs times out without stalling
 * the other instance, and a chip claimed by both is refused.
 *
 * @author Library
 */
class SharedI2cBusTests {

	private final EmulatedBus bus = new EmulatedBus();

	private final EmulatedMcp23017 relays = this.bus.i2c.attach(EmulatedBus.BUS, 0x20, new EmulatedMcp23017());

	private final EmulatedAds1115 adc = this.bus.i2c.attach(EmulatedBus.BUS, 0x48, new EmulatedAds1115());

	private final PointConfig relay = EmulatedBus.output("relay", "mcp23017@0x20/GPA0");

	private final PointConfig pressure = EmulatedBus.input("pressure", "ads1115@0x48/AIN0;rate=860", DataType.FLOAT);

	private final Adapter relayBoard = this.bus.i2cProvider.create(EmulatedBus.config("relays",
			Map.of("bus", "1", "retries", "2", "transaction-timeout", "200ms"), this.relay));

	private final Adapter sensors = this.bus.i2cProvider.create(EmulatedBus.config("sensors",
			Map.of("bus", "1", "retries", "2", "transaction-timeout", "200ms"), this.pressure));

	@AfterEach
	void close() {
		this.bus.i2c.release(EmulatedBus.BUS, 0x20);
		this.relayBoard.close();
		this.sensors.close();
		this.bus.close();
	}

	@Test
	void transactionsOfInstancesSharingABusNeverOverlap() throws Exception {
		this.relayBoard.connect();
		this.sensors.connect();
		CompletableFuture<Void> switching = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 100; i++) {
				this.relayBoard.write(this.relay, i % 2 == 0);
			}
		});
		CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 100; i++) {
				this.sensors.read(this.pressure);
			}
		});
		CompletableFuture.allOf(switching, reading).get(30, TimeUnit.SECONDS);
		assertThat(this.bus.i2c.mostTransactionsAtOnce()).isEqualTo(1);
		assertThat(this.bus.meters.get("library.pool.acquire")
			.tag("pool", "i2c-1")
			.tag("outcome", "success")
			.timer()
			.count()).isGreaterThanOrEqualTo(200);
	}

	@Test
	void aHungChipTimesOutWithoutStallingTheOtherInstance() throws Exception {
		this.relayBoard.connect();
		this.sensors.connect();
		this.adc.input(0, 1.5);
		this.bus.i2c.hang(EmulatedBus.BUS, 0x20);
		CompletableFuture<Object> hung = CompletableFuture.supplyAsync(() -> this.relayBoard.read(this.relay));
		Object pressure = CompletableFuture.supplyAsync(() -> this.sensors.read(this.pressure))
			.get(5, TimeUnit.SECONDS);
		assertThat((double) pressure).isCloseTo(1.5, offset(0.01));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> hung.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(AdapterException.class)
			.withMessageContaining("mcp23017@0x20")
			.withMessageContaining("did not end within 200 ms");
		assertThat(this.bus.meters.get("library.i2c.timeouts").tag("address", "0x20").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.bus.meters.get("library.i2c.retries").tag("address", "0x20").counter().count())
			.as("a hung chip is not tried again")
			.isZero();
		// The relay board lost contact: its outputs could not be driven safe while it
		// hangs, so it is disconnected; once the chip answers, it connects again
		assertThat(this.relayBoard.isConnected()).isFalse();
		this.bus.i2c.release(EmulatedBus.BUS, 0x20);
		this.relayBoard.connect();
		assertThat(this.relayBoard.read(this.relay)).isEqualTo(false);
		assertThat(this.sensors.isConnected()).isTrue();
	}

	@Test
	void oneChipClaimedByTwoInstancesOnABusIsRefused() {
		PointConfig otherRelay = EmulatedBus.output("other", "mcp23017@0x20/GPB0");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider
				.checkInstances(List.of(EmulatedBus.config("relays", Map.of("bus", "1"), this.relay),
						EmulatedBus.config("more-relays", Map.of("bus", "1"), otherRelay))))
			.withMessageContaining("address 0x20 on bus 1 is configured in instance 'relays' and in 'more-relays'");
	}

	@Test
	void oneAddressOnTwoBusesIsFine() {
		PointConfig otherRelay = EmulatedBus.output("other", "mcp23017@0x20/GPB0");
		assertThatNoException().isThrownBy(() -> this.bus.i2cProvider
			.checkInstances(List.of(EmulatedBus.config("relays", Map.of("bus", "1"), this.relay),
					EmulatedBus.config("more-relays", Map.of("bus", "3"), otherRelay))));
	}

	@Test
	void aTransactionTimeoutOutOfRangeIsRefused() {
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> this.bus.i2cProvider
				.create(EmulatedBus.config("relays", Map.of("bus", "1", "transaction-timeout", "0ms"), this.relay)))
			.withMessageContaining("'transaction-timeout' must be a duration from 1ms to 60s");
	}

}
