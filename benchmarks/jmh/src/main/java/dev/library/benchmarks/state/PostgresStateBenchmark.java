package dev.library.benchmarks.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.library.database.PostgresEndpoint;
import dev.library.database.PostgresStatePersistence;
import dev.library.database.PostgresStateStore;
import dev.library.state.DefaultStateStore;
import dev.library.state.Durability;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Persisted changes per second through a {@link DefaultStateStore} on PostgreSQL
 * ({@link PostgresStatePersistence}, acknowledged after commit: durability {@code sync}),
 * with group commit against one commit per change, in the same run.
 * <ul>
 * <li>{@code groupCommit}: {@value #GROUP} puts issued at once, as many API clients or an
 * adapter would, then waiting for every acknowledgement: the store's writer commits them
 * in as few transactions as it can.</li>
 * <li>{@code sustainedGroupCommit}: a steady stream of puts with at most {@value #WINDOW}
 * unacknowledged at any time, as a busy plant keeps the store's writer fed: commits
 * overlap with new puts. Its figure is {@code acknowledged}, counted when each
 * acknowledgement arrives (the primary figure counts issued puts and is not the
 * result).</li>
 * <li>{@code oneCommitPerChange} (baseline): one put at a time, each waiting for its
 * acknowledgement, so that every change is a transaction of its own.</li>
 * </ul>
 * {@code mode} chooses the store as {@code library.database.replication.mode} does:
 * {@code single}, the store above; {@code shared}, a {@link PostgresStateStore} (the
 * store of replicas sharing the database), whose group commit decides versions and
 * sequences in PostgreSQL, each batch one transaction that locks its keys' rows and the
 * sequence row. The database is named by the system property
 * {@code library.bench.postgres.url} (an R2DBC URL with user and password), by default
 * {@code r2dbc:postgresql://library:library@localhost:5432/library_bench}; the platform's
 * tables are migrated into it on first use.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class PostgresStateBenchmark {

	static final int GROUP = 1_000;

	static final int SINGLE = 50;

	static final int WINDOW = 20_000;

	static final int KEYS = 1_000;

	/**
	 * A started store on PostgreSQL.
	 */
	@State(Scope.Benchmark)
	public static class Store {

		final String[] keys = new String[KEYS];

		final JsonNode[] values = new JsonNode[KEYS];

		@Param({ "single", "shared" })
		String mode;

		ConnectionPool pool;

		Path buffer;

		StateStore store;

		Runnable stopStore;

		int next;

		@Setup(Level.Trial)
		public void start() throws IOException {
			for (int i = 0; i < KEYS; i++) {
				this.keys[i] = "plant.tank" + i + ".level";
				this.values[i] = JsonNodeFactory.instance.numberNode(i * 0.5);
			}
			PostgresEndpoint endpoint = new PostgresEndpoint(System.getProperty("library.bench.postgres.url",
					"r2dbc:postgresql://library:library@localhost:5432/library_bench"), null, null);
			this.pool = new ConnectionPool(
					ConnectionPoolConfiguration.builder(ConnectionFactories.get(endpoint.options()))
						.maxSize(4)
						.build());
			this.buffer = Files.createTempDirectory("library-bench-buffer");
			JsonMapper jsonMapper = JsonMapper.builder().build();
			if ("shared".equals(this.mode)) {
				PostgresStateStore shared = new PostgresStateStore(this.pool,
						ConnectionFactories.get(endpoint.options()), endpoint, StateStoreOptions.defaults(), jsonMapper,
						null, new SimpleMeterRegistry(), Clock.systemUTC(), Duration.ofSeconds(30),
						Duration.ofSeconds(1));
				shared.start();
				this.store = shared;
				this.stopStore = shared::stop;
				return;
			}
			PostgresStatePersistence persistence = new PostgresStatePersistence(this.pool, endpoint, this.buffer,
					100_000, jsonMapper, Duration.ofSeconds(30), new SimpleMeterRegistry());
			DefaultStateStore single = new DefaultStateStore(persistence,
					StateStoreOptions.defaults().withDurability(Durability.SYNC), jsonMapper, null,
					new SimpleMeterRegistry(), Clock.systemUTC());
			single.start();
			this.store = single;
			this.stopStore = single::stop;
		}

		int nextIndex() {
			int index = this.next;
			this.next = (index + 1 == KEYS) ? 0 : index + 1;
			return index;
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.stopStore.run();
			this.pool.dispose();
			FileSystemUtils.deleteRecursively(this.buffer.toFile());
		}

	}

	@Benchmark
	@OperationsPerInvocation(GROUP)
	public void groupCommit(Store store) throws InterruptedException {
		CountDownLatch acknowledged = new CountDownLatch(GROUP);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		for (int i = 0; i < GROUP; i++) {
			int index = store.nextIndex();
			store.store.put(store.keys[index], store.values[index], "benchmark", Quality.GOOD)
				.subscribe((change) -> acknowledged.countDown(), (ex) -> {
					failure.set(ex);
					acknowledged.countDown();
				});
		}
		acknowledged.await();
		if (failure.get() != null) {
			throw new IllegalStateException("A put failed", failure.get());
		}
	}

	/**
	 * Acknowledged puts of {@code sustainedGroupCommit}, counted as they arrive, with the
	 * window of puts in flight.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.OPERATIONS)
	public static class Acknowledgements {

		final AtomicLong count = new AtomicLong();

		final Semaphore window = new Semaphore(WINDOW);

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		@Setup(Level.Iteration)
		public void reset() {
			this.count.set(0);
		}

		@TearDown(Level.Iteration)
		public void drain() throws InterruptedException {
			this.window.acquire(WINDOW);
			this.window.release(WINDOW);
			if (this.failure.get() != null) {
				throw new IllegalStateException("A put failed", this.failure.get());
			}
		}

		public long acknowledged() {
			return this.count.get();
		}

	}

	@Benchmark
	public void sustainedGroupCommit(Store store, Acknowledgements acknowledgements) throws InterruptedException {
		acknowledgements.window.acquire();
		int index = store.nextIndex();
		store.store.put(store.keys[index], store.values[index], "benchmark", Quality.GOOD).subscribe((change) -> {
			acknowledgements.count.incrementAndGet();
			acknowledgements.window.release();
		}, (ex) -> {
			acknowledgements.failure.set(ex);
			acknowledgements.window.release();
		});
	}

	@Benchmark
	@OperationsPerInvocation(SINGLE)
	public void oneCommitPerChange(Store store) {
		for (int i = 0; i < SINGLE; i++) {
			int index = store.nextIndex();
			store.store.put(store.keys[index], store.values[index], "benchmark", Quality.GOOD).block();
		}
	}

}
