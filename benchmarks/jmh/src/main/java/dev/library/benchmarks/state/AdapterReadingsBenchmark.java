package dev.library.benchmarks.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.library.adapters.AdapterSupervisor;
import dev.library.adapters.ReconnectPolicy;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.adapters.virtual.VirtualAdapterProvider;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmRepository;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.AlarmsComponent;
import dev.library.state.DefaultStateStore;
import dev.library.state.EmbeddedStatePersistence;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.StatePersistence;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.Disposables;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * Readings per second from a virtual adapter instance with 1,000 points into a
 * {@link DefaultStateStore}, delivered to every one of its watchers: the path of every
 * sensor value (adapter read, engineering value, change detection, state store,
 * subscribers).
 * <p>
 * The points are 1,000 temperature sensors of the virtual plant (each read draws new
 * noise, so every reading is a change), polled every {@code pollMillis} by the instance's
 * supervisor thread, so 1,000 / {@code pollMillis} × 1,000 readings/s are offered. An
 * operation is one reading received by every watcher; each invocation waits for
 * {@value #BATCH} of them. {@code subscribers}:
 * <ul>
 * <li>{@code watchers}: a store kept in memory with {@code watchers} watchers only;</li>
 * <li>{@code platform}: what the embedded default runs behind every reading as well: the
 * store persisted to its embedded database file (acknowledged after commit, without
 * fsync), the alarm engine with its own watch and a {@code hi} definition on every sensor
 * at two standard deviations of the noise (so alarms are raised and cleared, and their
 * transitions written back to the store), and the store's meters, plus the
 * {@code watchers} watchers (as SSE clients would be).</li>
 * </ul>
 * A store drops a watcher that falls behind rather than slow down (by design), and the
 * run then fails: a figure is a rate every watcher kept up with. Compare with
 * {@code StateStoreBenchmark.storePut} (the same store and watchers, written directly) in
 * the same run:
 * {@code benchmarks/jmh.sh 'AdapterReadingsBenchmark|StateStoreBenchmark.storePut' -p watchers=1,100}.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class AdapterReadingsBenchmark {

	static final int BATCH = 10_000;

	static final int POINTS = 1_000;

	/**
	 * A connected virtual adapter instance polling into a store with its watchers.
	 */
	@State(Scope.Benchmark)
	public static class Plant {

		@Param({ "1", "100" })
		int watchers;

		@Param({ "1" })
		int pollMillis;

		@Param({ "watchers", "platform" })
		String subscribers;

		DefaultStateStore store;

		@Nullable AlarmsComponent alarms;

		@Nullable Path dataDir;

		AdapterSupervisor supervisor;

		AtomicLongArray received;

		final Disposable.Composite subscriptions = Disposables.composite();

		@Setup(Level.Trial)
		public void start() throws Exception {
			JsonMapper jsonMapper = JsonMapper.builder().build();
			StatePersistence persistence = new InMemoryStatePersistence(100_000);
			if ("platform".equals(this.subscribers)) {
				this.dataDir = Files.createTempDirectory("readings-benchmark");
				persistence = new EmbeddedStatePersistence(this.dataDir, jsonMapper, false);
			}
			this.store = new DefaultStateStore(persistence, StateStoreOptions.defaults(), jsonMapper, null,
					new SimpleMeterRegistry(), Clock.systemUTC());
			this.store.start();
			if ("platform".equals(this.subscribers)) {
				startAlarms(jsonMapper);
			}
			this.received = new AtomicLongArray(this.watchers);
			for (int i = 0; i < this.watchers; i++) {
				int watcher = i;
				this.subscriptions.add(this.store.watch("bench")
					.subscribe((change) -> this.received.lazySet(watcher, this.received.get(watcher) + 1),
							(ex) -> this.received.set(watcher, Long.MIN_VALUE)));
			}
			List<PointConfig> points = new ArrayList<>();
			for (int i = 0; i < POINTS; i++) {
				points.add(new PointConfig("sensors", "t" + i, "tank.temperature", DataType.FLOAT, "°C", null, null,
						Access.READ, Duration.ofMillis(this.pollMillis), 1, 0, "bench.sensors.t" + i, null));
			}
			AdapterConfig config = new AdapterConfig("bench", "virtual", Map.of("seed", "42"),
					List.of(new DeviceConfig("sensors", "1,000 temperature sensors", points)));
			this.supervisor = new AdapterSupervisor(config, new VirtualAdapterProvider().create(config), true,
					this.store, new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.5),
					Duration.ofSeconds(5), new SimpleMeterRegistry(), Clock.systemUTC());
			this.supervisor.start().get(30, TimeUnit.SECONDS);
		}

		private void startAlarms(JsonMapper jsonMapper) {
			List<AlarmDefinition> definitions = new ArrayList<>();
			for (int i = 0; i < POINTS; i++) {
				definitions.add(new AlarmDefinition("t" + i + "-high", "bench.sensors.t" + i, AlarmConditionType.HI,
						20.4, 0.1, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR, "", "°C",
						Set.of(), null, null));
			}
			AlarmEventPublisher publisher = new AlarmEventPublisher();
			AlarmRepository repository = new AlarmRepository(this.store, jsonMapper, "alarms");
			publisher.addListener(repository);
			AlarmEngine engine = new AlarmEngine(definitions, Clock.systemUTC(), Duration.ofHours(8), publisher);
			this.alarms = new AlarmsComponent(engine, repository, this.store, publisher, Duration.ofSeconds(1));
			this.alarms.start();
		}

		long leastReceived() {
			long least = Long.MAX_VALUE;
			for (int i = 0; i < this.watchers; i++) {
				long received = this.received.get(i);
				if (received == Long.MIN_VALUE) {
					throw new IllegalStateException("Watcher " + i + " was dropped");
				}
				least = Math.min(least, received);
			}
			return least;
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			this.supervisor.stop(Duration.ofSeconds(5));
			this.subscriptions.dispose();
			if (this.alarms != null) {
				this.alarms.stop();
			}
			this.store.stop();
			if (this.dataDir != null) {
				FileSystemUtils.deleteRecursively(this.dataDir);
			}
		}

	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long readings(Plant plant) {
		long target = plant.leastReceived() + BATCH;
		long least;
		while ((least = plant.leastReceived()) < target) {
			Thread.onSpinWait();
		}
		return least;
	}

}
