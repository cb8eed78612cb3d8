package dev.library.adapters;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.library.adapters.spi.AdapterException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.state.DefaultStateStore;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateStoreOptions;
import dev.library.state.StateValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link AdapterSupervisor} against the {@code test} adapter with injected faults and a
 * real in-memory state store.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
class AdapterSupervisorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(100), 2.0,
			0.5);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<AdapterSupervisor> supervisors = new ArrayList<>();

	private final List<String> drivenSafe = new CopyOnWriteArrayList<>();

	private DefaultStateStore store;

	@BeforeEach
	void startStore() {
		JsonMapper mapper = JsonMapper.builder().build();
		this.store = new DefaultStateStore(new InMemoryStatePersistence(10_000), StateStoreOptions.defaults(), mapper,
				null, this.meters, Clock.systemUTC());
		this.store.start();
	}

	@AfterEach
	void stop() {
		this.supervisors.forEach((supervisor) -> supervisor.stop(Duration.ofSeconds(2)));
		this.store.stop();
	}

	@Test
	void supervisorReconnectsWithBackOffAfterInjectedFailures() {
		TestAdapterProvider.TestAdapter adapter = adapter("flaky");
		adapter.failConnects = 3;
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start();
		await().atMost(TIMEOUT).until(() -> supervisor.status().status() == AdapterStatus.CONNECTED);
		assertThat(adapter.connects.get()).isEqualTo(4);
		assertThat(this.meters.get("library.adapter.errors").tag("adapter", "flaky").counter().count()).isEqualTo(3);
		assertThat(supervisor.status().reconnects()).isZero();

		adapter.loseConnection(2);
		await().atMost(TIMEOUT).until(() -> supervisor.status().reconnects() == 1);
		assertThat(supervisor.status().status()).isEqualTo(AdapterStatus.CONNECTED);
		assertThat(adapter.connects.get()).isEqualTo(7);
		assertThat(this.meters.get("library.adapter.reconnects").tag("adapter", "flaky").counter().count())
			.isEqualTo(1);
	}

	@Test
	void readingsAreGoodWhileConnectedAndBadWhileDisconnected() {
		TestAdapterProvider.TestAdapter adapter = adapter("readings");
		adapter.values.put("box.temperature", 21.5);
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			StateValue value = this.store.get("readings.box.temperature").block();
			assertThat(value).isNotNull();
			assertThat(value.value().doubleValue()).isEqualTo(21.5 * 2 + 1);
			assertThat(value.quality()).isEqualTo(Quality.GOOD);
			assertThat(value.source()).isEqualTo("readings");
		});
		assertThat(this.meters.get("library.adapter.connected").tag("adapter", "readings").gauge().value())
			.isEqualTo(1);

		adapter.loseConnection(Integer.MAX_VALUE);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.store.get("readings.box.temperature").block().quality())
				.isEqualTo(Quality.BAD));
		assertThat(this.store.get("readings.box.temperature").block().value().doubleValue()).isEqualTo(44.0);
		assertThat(supervisor.status().status()).isEqualTo(AdapterStatus.DOWN);
		assertThat(supervisor.status().lastError()).isNotBlank();
		assertThat(this.meters.get("library.adapter.connected").tag("adapter", "readings").gauge().value()).isZero();
	}

	@Test
	void readingsTheStoreRefusesAreCountedAndWarnedAboutOnce(CapturedOutput output) {
		TestAdapterProvider.TestAdapter adapter = adapter("refused");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start();
		await().atMost(TIMEOUT).until(() -> this.store.get("refused.box.temperature").block() != null);
		double errorsBefore = this.meters.get("library.adapter.errors").tag("adapter", "refused").counter().count();
		this.store.stop();
		// a new value at every poll (20 ms), each refused by the stopped store
		for (int i = 0; i < 50; i++) {
			adapter.values.put("box.temperature", 100.0 + i);
			sleep(25);
		}
		await().atMost(TIMEOUT)
			.until(() -> this.meters.get("library.adapter.errors").tag("adapter", "refused").counter().count()
					- errorsBefore >= 10);
		assertThat(output.toString().split("not stored", -1)).hasSize(2);
		assertThat(supervisor.status().lastError()).contains("not stored");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void failingReadsOnAConnectedAdapterMakeItDegraded() {
		TestAdapterProvider.TestAdapter adapter = adapter("degraded");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start();
		await().atMost(TIMEOUT).until(() -> supervisor.status().status() == AdapterStatus.CONNECTED);
		adapter.failReads = true;
		await().atMost(TIMEOUT).until(() -> supervisor.status().status() == AdapterStatus.DEGRADED);
		assertThat(supervisor.status().lastError()).contains("box.temperature", "injected read failure");
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.store.get("degraded.box.temperature").block().quality())
				.isEqualTo(Quality.BAD));
		adapter.failReads = false;
		await().atMost(TIMEOUT).until(() -> supervisor.status().status() == AdapterStatus.CONNECTED);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.store.get("degraded.box.temperature").block().quality())
				.isEqualTo(Quality.GOOD));
	}

	@Test
	void outputsStartInTheirSafeState() {
		TestAdapterProvider.TestAdapter adapter = adapter("startup");
		adapter.values.put("box.heater", true);
		adapter.values.put("box.fan", 7L);
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start().join();
		assertThat(adapter.values).containsEntry("box.heater", false).containsEntry("box.fan", 2L);
		assertThat(this.drivenSafe).containsExactly("box.heater: start-up", "box.fan: start-up");
	}

	@Test
	void outputsGoToTheirSafeStateOnStop() {
		TestAdapterProvider.TestAdapter adapter = adapter("stopping");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start().join();
		supervisor.submit(() -> supervisor.writeAndReadBack(point("heater"), true)).join();
		assertThat(adapter.values).containsEntry("box.heater", true);
		this.drivenSafe.clear();
		supervisor.stop(Duration.ofSeconds(5));
		assertThat(adapter.values).containsEntry("box.heater", false);
		assertThat(this.drivenSafe).contains("box.heater: shutdown");
		assertThat(adapter.isConnected()).isFalse();
		assertThat(this.store.get("stopping.box.heater").block().quality()).isEqualTo(Quality.BAD);
	}

	@Test
	void outputsAreDrivenSafeAfterContactWasLostForLongerThanTheWatchdogTimeout() {
		TestAdapterProvider.TestAdapter adapter = adapter("watched");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofMillis(300));
		supervisor.start().join();
		supervisor.submit(() -> supervisor.writeAndReadBack(point("heater"), true)).join();
		this.drivenSafe.clear();
		// Cut off for longer than the watchdog timeout: connection attempts fail for a
		// while
		adapter.loseConnection(12);
		await().atMost(TIMEOUT).until(() -> supervisor.status().reconnects() == 1);
		assertThat(this.drivenSafe)
			.contains("box.heater: contact was lost for longer than the watchdog timeout (PT0.3S)");
		assertThat(adapter.values).containsEntry("box.heater", false);
	}

	@Test
	void outputsKeepTheirValueAfterABriefLossOfContact() {
		TestAdapterProvider.TestAdapter adapter = adapter("brief");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(30));
		supervisor.start().join();
		supervisor.submit(() -> supervisor.writeAndReadBack(point("heater"), true)).join();
		this.drivenSafe.clear();
		adapter.loseConnection(0);
		await().atMost(TIMEOUT).until(() -> supervisor.status().reconnects() == 1);
		assertThat(this.drivenSafe).isEmpty();
		assertThat(adapter.values).containsEntry("box.heater", true);
	}

	@Test
	void oneFailingInstanceNeverStopsTheOthers() {
		TestAdapterProvider.TestAdapter broken = adapter("broken");
		broken.failConnects = Integer.MAX_VALUE;
		TestAdapterProvider.TestAdapter healthy = adapter("healthy");
		AdapterSupervisors all = new AdapterSupervisors(
				List.of(supervisor(broken, Duration.ofSeconds(5)), supervisor(healthy, Duration.ofSeconds(5))));
		all.start(Duration.ofSeconds(5));
		assertThat(all.supervisor("healthy").orElseThrow().status().status()).isEqualTo(AdapterStatus.CONNECTED);
		assertThat(all.supervisor("broken").orElseThrow().status().status()).isEqualTo(AdapterStatus.DOWN);
		await().atMost(TIMEOUT).until(() -> broken.connects.get() > 3);
		assertThat(all.supervisor("healthy").orElseThrow().status().status()).isEqualTo(AdapterStatus.CONNECTED);
		all.stop(Duration.ofSeconds(2));
		assertThat(healthy.isConnected()).isFalse();
	}

	@Test
	void tasksStillQueuedWhenTheInstanceStopsFailWithTheReasonAndNeverRun() throws Exception {
		TestAdapterProvider.TestAdapter adapter = adapter("queued");
		AdapterSupervisor supervisor = supervisor(adapter, Duration.ofSeconds(5));
		supervisor.start().join();
		CountDownLatch release = new CountDownLatch(1);
		supervisor.submit(() -> release.await(10, TimeUnit.SECONDS));
		AtomicBoolean ran = new AtomicBoolean();
		CompletableFuture<Object> queued = supervisor.submit(() -> {
			ran.set(true);
			return null;
		});
		supervisor.stop(Duration.ofMillis(200), "removed");
		assertThat(queued).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(AdapterException.class)
			.withMessage("Adapter instance 'queued' was stopped (removed) before the task ran");
		assertThat(ran).isFalse();
		release.countDown();
	}

	@Test
	void reconfigureStopsTheInstancesLeftOutStartsTheNewOnesAndLeavesTheOthersAlone() {
		TestAdapterProvider.TestAdapter kept = adapter("kept");
		TestAdapterProvider.TestAdapter removed = adapter("removed");
		TestAdapterProvider.TestAdapter added = adapter("added");
		AdapterSupervisor keptSupervisor = supervisor(kept, Duration.ofSeconds(5));
		AdapterSupervisor removedSupervisor = supervisor(removed, Duration.ofSeconds(5));
		AdapterSupervisors all = new AdapterSupervisors(List.of(keptSupervisor, removedSupervisor));
		all.start(Duration.ofSeconds(5));
		keptSupervisor.submit(() -> keptSupervisor.writeAndReadBack(point("heater"), true)).join();
		removedSupervisor.submit(() -> removedSupervisor.writeAndReadBack(point("heater"), true)).join();
		this.drivenSafe.clear();
		AdapterSupervisors.Reconfiguration done = all.reconfigure(List.of("kept", "added"), (running) -> true,
				(id) -> supervisor(added, Duration.ofSeconds(5)), (id) -> "removed by a test", Duration.ofSeconds(5));
		assertThat(done.stopped()).containsExactly("removed");
		assertThat(done.started()).containsExactly("added");
		assertThat(removed.values).containsEntry("box.heater", false);
		assertThat(removed.isConnected()).isFalse();
		assertThat(this.drivenSafe).containsExactly("box.heater: removed by a test", "box.fan: removed by a test",
				"box.heater: start-up", "box.fan: start-up");
		assertThat(kept.values).containsEntry("box.heater", true);
		assertThat(keptSupervisor.status().status()).isEqualTo(AdapterStatus.CONNECTED);
		assertThat(all.supervisor("added").orElseThrow().status().status()).isEqualTo(AdapterStatus.CONNECTED);
		assertThat(all.supervisor("removed")).isEmpty();
		assertThat(this.meters.find("library.adapter.reads").tag("adapter", "removed").counter()).isNull();
		assertThat(this.meters.find("library.adapter.reads").tag("adapter", "kept").counter()).isNotNull();
		all.stop(Duration.ofSeconds(2));
	}

	@Test
	void readLatencyAndReadsAreMeasuredPerInstance() {
		TestAdapterProvider.TestAdapter adapter = adapter("metered");
		supervisor(adapter, Duration.ofSeconds(5)).start().join();
		await().atMost(TIMEOUT)
			.until(() -> this.meters.get("library.adapter.read.latency").tag("adapter", "metered").timer().count() > 2);
		assertThat(this.meters.get("library.adapter.reads").tag("adapter", "metered").counter().count()).isPositive();
		assertThat(this.meters.get("library.adapter.writes").tag("adapter", "metered").counter().count()).isEqualTo(2);
	}

	private TestAdapterProvider.TestAdapter adapter(String id) {
		return (TestAdapterProvider.TestAdapter) new TestAdapterProvider().create(new AdapterConfig(id, "test",
				Map.of(),
				List.of(new DeviceConfig("box", "", List.of(point("temperature"), point("heater"), point("fan"))))));
	}

	private AdapterSupervisor supervisor(TestAdapterProvider.TestAdapter adapter, Duration watchdogTimeout) {
		AdapterConfig config = adapter.config;
		List<PointConfig> keyed = config.points()
			.stream()
			.map((point) -> new PointConfig(point.device(), point.name(), point.address(), point.dataType(),
					point.unit(), point.minimum(), point.maximum(), point.access(), point.pollInterval(), point.scale(),
					point.offset(), config.id() + "." + point.id(), point.safeValue()))
			.toList();
		AdapterConfig withKeys = new AdapterConfig(config.id(), config.type(), config.settings(),
				List.of(new DeviceConfig("box", "", keyed)));
		AdapterSupervisor supervisor = new AdapterSupervisor(withKeys, adapter, true, this.store, FAST, watchdogTimeout,
				this.meters, Clock.systemUTC());
		supervisor.setSafeStateListener((point, reason, failure) -> this.drivenSafe
			.add(point.id() + ": " + reason + ((failure != null) ? " FAILED " + failure : "")));
		this.supervisors.add(supervisor);
		return supervisor;
	}

	static PointConfig point(String name) {
		return switch (name) {
			case "temperature" -> new PointConfig("box", name, "box.temperature", DataType.FLOAT, "°C", null, null,
					Access.READ, Duration.ofMillis(20), 2.0, 1.0, "box.temperature", null);
			case "heater" -> new PointConfig("box", name, "box.heater", DataType.BOOLEAN, "", null, null,
					Access.READ_WRITE, null, 1.0, 0.0, "box.heater", false);
			case "fan" -> new PointConfig("box", name, "box.fan", DataType.INTEGER, "", 2.0, 10.0, Access.READ_WRITE,
					null, 1.0, 0.0, "box.fan", 2L);
			default -> throw new IllegalArgumentException(name);
		};
	}

}
