package dev.library.benchmarks.state;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.library.state.DefaultStateStore;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Changes per second through a {@link DefaultStateStore} kept in memory, from one writing
 * thread, delivered to 0, 1 or 100 watchers, against a bare {@link ConcurrentHashMap}
 * (the structure the store keeps its live values in) as the baseline of the same run.
 * <p>
 * A store operation is one {@code put} of a number under one of 1,000 keys. Every
 * {@value #BATCH} puts the benchmark waits until the store's writer has committed the
 * last one and every watcher has received it, so the figure is the rate the store
 * sustains end to end, not how fast its queue fills. A watcher that fell behind and was
 * dropped fails the run.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class StateStoreBenchmark {

	static final int BATCH = 1_000;

	static final int KEYS = 1_000;

	/**
	 * Keys and values shared by the store and the baseline.
	 */
	@State(Scope.Benchmark)
	public static class Data {

		final String[] keys = new String[KEYS];

		final JsonNode[] values = new JsonNode[KEYS];

		@Setup
		public void setUp() {
			for (int i = 0; i < KEYS; i++) {
				this.keys[i] = "plant.tank" + i + ".level";
				this.values[i] = JsonNodeFactory.instance.numberNode(i * 0.5);
			}
		}

	}

	/**
	 * A started in-memory store with its watchers.
	 */
	@State(Scope.Benchmark)
	public static class Store {

		@Param({ "0", "1", "100" })
		int watchers;

		DefaultStateStore store;

		AtomicLongArray seen;

		final Disposable.Composite subscriptions = Disposables.composite();

		@Setup(Level.Trial)
		public void start() {
			StateStoreOptions options = StateStoreOptions.defaults()
				.withRetention(Duration.ofDays(1), 100_000, Duration.ofHours(1));
			this.store = new DefaultStateStore(new InMemoryStatePersistence(100_000), options,
					JsonMapper.builder().build(), null, new SimpleMeterRegistry(), Clock.systemUTC());
			this.store.start();
			this.seen = new AtomicLongArray(this.watchers);
			for (int i = 0; i < this.watchers; i++) {
				int watcher = i;
				this.subscriptions.add(this.store.watch("plant")
					.subscribe((change) -> this.seen.lazySet(watcher, change.sequence()),
							(ex) -> this.seen.set(watcher, Long.MIN_VALUE)));
			}
		}

		void awaitDelivered(long sequence) {
			while (this.store.status().committedSequence() < sequence) {
				Thread.onSpinWait();
			}
			for (int i = 0; i < this.watchers; i++) {
				long seen;
				while ((seen = this.seen.get(i)) < sequence) {
					if (seen == Long.MIN_VALUE) {
						throw new IllegalStateException("Watcher " + i + " was dropped");
					}
					Thread.onSpinWait();
				}
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.subscriptions.dispose();
			this.store.stop();
		}

	}

	/**
	 * The baseline state of {@link #mapPut}.
	 */
	@State(Scope.Benchmark)
	public static class Map {

		final ConcurrentHashMap<String, JsonNode> map = new ConcurrentHashMap<>();

	}

	/**
	 * One thread's position in the key space.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		int next;

		int next() {
			int index = this.next;
			this.next = (index + 1 == KEYS) ? 0 : index + 1;
			return index;
		}

	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long storePut(Store store, Data data, Cursor cursor) {
		long last = 0;
		for (int i = 0; i < BATCH; i++) {
			int index = cursor.next();
			StateChange change = store.store.put(data.keys[index], data.values[index], "benchmark", Quality.GOOD)
				.block();
			last = change.sequence();
		}
		store.awaitDelivered(last);
		return last;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int mapPut(Map map, Data data, Cursor cursor) {
		int hash = 0;
		for (int i = 0; i < BATCH; i++) {
			int index = cursor.next();
			JsonNode previous = map.map.put(data.keys[index], data.values[index]);
			hash += (previous != null) ? 1 : 0;
		}
		return hash;
	}

}
