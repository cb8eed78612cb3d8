package dev.library.database;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreOptions;
import dev.library.state.StateStoreUnavailableException;
import dev.library.state.StateValue;
import dev.library.state.StateVersionConflictException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Group commit of the shared state store ({@link PostgresStateStore},
 * {@link PostgresGroupCommitter}) on a real PostgreSQL: two stores on one database stand
 * for two replicas.
 *
 * @author Library
 */
class SharedGroupCommitIntegrationTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration BLOCK = Duration.ofSeconds(60);

	private TestPostgres.TestDatabase database;

	private final List<ConnectionPool> pools = new ArrayList<>();

	private final List<PostgresStateStore> stores = new ArrayList<>();

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase();
	}

	@AfterEach
	void dropDatabase() {
		this.stores.forEach(PostgresStateStore::stop);
		for (ConnectionPool pool : this.pools) {
			try {
				pool.dispose();
			}
			catch (RuntimeException ex) {
				// connections through a proxy that is closed already
			}
		}
		this.database.restore();
		this.database.close();
	}

	private PostgresStateStore replica(SimpleMeterRegistry meters) {
		return replica(meters, this.database.endpoint(), QUERY_TIMEOUT);
	}

	private PostgresStateStore replica(SimpleMeterRegistry meters, PostgresEndpoint endpoint, Duration queryTimeout) {
		ConnectionFactory connections = ConnectionFactories.get(endpoint.options()
			.mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2))
			.build());
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
			.maxSize(4)
			.maxAcquireTime(Duration.ofSeconds(2))
			.build());
		this.pools.add(pool);
		PostgresStateStore store = new PostgresStateStore(pool, connections, endpoint, StateStoreOptions.defaults(),
				jsonMapper, null, meters, Clock.systemUTC(), queryTimeout, Duration.ofMillis(200));
		store.start();
		this.stores.add(store);
		return store;
	}

	@Test
	void concurrentWritesAreCommittedTogetherAndAFailedConditionFailsOnlyItsCaller() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PostgresStateStore store = replica(meters);
		store.put("batch.warmup", JsonNodeFactory.instance.numberNode(0), "test", Quality.GOOD).block(BLOCK);
		List<Mono<Object>> writes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			int writer = i;
			writes.add(store
				.compareAndSet("batch.claimed", 0, JsonNodeFactory.instance.numberNode(writer), "test", Quality.GOOD)
				.<Object>map((change) -> change)
				.onErrorResume(StateVersionConflictException.class, Mono::just));
		}
		for (int i = 0; i < 40; i++) {
			writes.add(store.put("batch.key" + (i % 7), JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD)
				.map((change) -> change));
		}
		writes.add(store.delete("batch.never-written", "test").<Object>map((change) -> change).defaultIfEmpty("none"));
		List<Object> outcomes = Flux.merge(writes).collectList().block(BLOCK);

		assertThat(outcomes).hasSize(51);
		assertThat(outcomes).filteredOn(StateVersionConflictException.class::isInstance).hasSize(9);
		List<StateChange> changes = outcomes.stream()
			.filter(StateChange.class::isInstance)
			.map(StateChange.class::cast)
			.toList();
		assertThat(changes).hasSize(41);
		assertThat(changes).filteredOn((change) -> change.key().equals("batch.claimed"))
			.singleElement()
			.satisfies((change) -> assertThat(change.version()).isEqualTo(1));
		assertThat(outcomes).contains("none");
		assertThat(changes).extracting(StateChange::sequence).doesNotHaveDuplicates().allMatch((s) -> s > 1 && s <= 42);
		// the writes queued behind the first commit went in one transaction at least
		assertThat(meters.get("library.state.commit.batch.size").summary().max()).isGreaterThan(1);
		assertThat(meters.get("library.state.commit.batch.size").summary().totalAmount()).isEqualTo(42);
		assertThat(meters.get("library.database.query.duration").tag("operation", "commit").timers()).isNotEmpty();
		assertThat(this.database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(42);
		assertThat(this.database.queryForLong("SELECT max(sequence) FROM library_state_event")).isEqualTo(42);
		for (int k = 0; k < 7; k++) {
			StateValue value = store.get("batch.key" + k).block(BLOCK);
			long last = changes.stream()
				.filter((change) -> change.key().equals(value.key()))
				.mapToLong(StateChange::sequence)
				.max()
				.orElseThrow();
			StateChange lastChange = changes.stream().filter((change) -> change.sequence() == last).findFirst().get();
			assertThat(value.version()).isEqualTo(lastChange.version());
			assertThat(value.value()).isEqualTo(lastChange.value());
		}
	}

	@Test
	void twoReplicasHammeringOverlappingKeysNeverDeadlockAndLoseNoUpdate() throws Exception {
		SimpleMeterRegistry metersA = new SimpleMeterRegistry();
		SimpleMeterRegistry metersB = new SimpleMeterRegistry();
		PostgresStateStore[] replicas = { replica(metersA), replica(metersB) };
		int writersPerReplica = 6;
		int writesPerWriter = 150;
		Queue<StateChange> acknowledged = new ConcurrentLinkedQueue<>();
		Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
		AtomicInteger[] increments = { new AtomicInteger(), new AtomicInteger() };
		ExecutorService executor = Executors.newFixedThreadPool(writersPerReplica * 2);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < writersPerReplica * 2; w++) {
				PostgresStateStore store = replicas[w % 2];
				int writer = w;
				writers.add(executor.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < writesPerWriter; i++) {
						try {
							int pick = random.nextInt(10);
							if (pick < 7) {
								acknowledged
									.add(store
										.put("hammer.k" + random.nextInt(8),
												JsonNodeFactory.instance.numberNode(writer), "w" + writer, Quality.GOOD)
										.block(BLOCK));
							}
							else if (pick < 8) {
								StateChange deleted = store.delete("hammer.k" + random.nextInt(8), "w" + writer)
									.block(BLOCK);
								if (deleted != null) {
									acknowledged.add(deleted);
								}
							}
							else {
								int counter = random.nextInt(2);
								acknowledged.add(increment(store, "hammer.counter" + counter, writer));
								increments[counter].incrementAndGet();
							}
						}
						catch (RuntimeException ex) {
							errors.add(ex);
						}
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}

		assertThat(errors).isEmpty();
		for (int counter = 0; counter < 2; counter++) {
			StateValue value = replicas[counter].get("hammer.counter" + counter).block(BLOCK);
			assertThat(value.value().asInt()).isEqualTo(increments[counter].get());
		}
		// no deadlock even reported by PostgreSQL: both replicas lock rows in one order
		assertThat(metersA.get("library.database.commit.retries").counter().count()).isZero();
		assertThat(metersB.get("library.database.commit.retries").counter().count()).isZero();
		assertThat(metersA.get("library.state.commit.batch.size").summary().max()
				+ metersB.get("library.state.commit.batch.size").summary().max())
			.isGreaterThan(2);

		Map<Long, StateChange> log = readEventLog();
		long total = acknowledged.size();
		assertThat(log).hasSize((int) total);
		assertThat(this.database.queryForLong("SELECT min(sequence) FROM library_state_event")).isEqualTo(1);
		assertThat(this.database.queryForLong("SELECT max(sequence) FROM library_state_event")).isEqualTo(total);
		assertThat(this.database.queryForLong("SELECT num FROM library_state_meta WHERE name = 'last_sequence'"))
			.isEqualTo(total);
		for (StateChange change : acknowledged) {
			StateChange logged = log.get(change.sequence());
			assertThat(logged).isNotNull();
			assertThat(logged.key()).isEqualTo(change.key());
			assertThat(logged.version()).isEqualTo(change.version());
			assertThat(logged.type()).isEqualTo(change.type());
			assertThat(logged.source()).isEqualTo(change.source());
		}
		// versions of each key go up by one in sequence order
		assertThat(this.database.queryForLong("SELECT count(*) FROM (SELECT version, row_number() OVER "
				+ "(PARTITION BY state_key ORDER BY sequence) AS n FROM library_state_event) e WHERE version <> n"))
			.isZero();
		assertThat(this.database.queryForLong("SELECT count(*) FROM library_state_entry e WHERE version > 0 AND "
				+ "sequence <> (SELECT max(sequence) FROM library_state_event v WHERE v.state_key = e.state_key)"))
			.isZero();
		// both replicas dispatch every change
		awaitDispatched(replicas[0], total);
		awaitDispatched(replicas[1], total);
	}

	private static StateChange increment(PostgresStateStore store, String key, int writer) {
		for (;;) {
			StateValue current = store.get(key).block(BLOCK);
			long version = (current != null) ? current.version() : 0;
			int next = (current != null) ? current.value().asInt() + 1 : 1;
			try {
				return store
					.compareAndSet(key, version, JsonNodeFactory.instance.numberNode(next), "w" + writer, Quality.GOOD)
					.block(BLOCK);
			}
			catch (StateVersionConflictException ex) {
				// another writer was first: read again
			}
		}
	}

	@Test
	void writesDuringAnOutageFailWithinTheTimeoutAndNothingAcknowledgedIsLost() throws Exception {
		PostgresStateStore store = replica(new SimpleMeterRegistry());
		SharedStateStoreHealthIndicator health = new SharedStateStoreHealthIndicator(store);
		int writers = 4;
		Queue<StateChange> acknowledged = new ConcurrentLinkedQueue<>();
		Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
		AtomicInteger unavailable = new AtomicInteger();
		AtomicLong slowestFailure = new AtomicLong();
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				futures.add(executor.submit(() -> {
					for (int i = 1; !stop.get(); i++) {
						long started = System.nanoTime();
						try {
							acknowledged.add(store
								.put("outage.w" + writer, JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD)
								.block(BLOCK));
						}
						catch (StateStoreUnavailableException ex) {
							unavailable.incrementAndGet();
							slowestFailure.accumulateAndGet(System.nanoTime() - started, Math::max);
							assertThat(ex.getMessage()).contains("PostgreSQL");
							sleep(20);
						}
						catch (RuntimeException ex) {
							unexpected.add(ex);
						}
					}
				}));
			}
			awaitAcknowledged(acknowledged, 200);
			this.database.cutOff();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			// an outage of a few seconds: every writer fails, again and again
			sleep(1_500);
			while (unavailable.get() < writers * 5 && System.nanoTime() < deadline) {
				sleep(10);
			}
			assertThat(health.health().block(BLOCK).getStatus().getCode()).isEqualTo("DOWN");
			int acknowledgedDuringOutage = acknowledged.size();
			this.database.restore();
			awaitAcknowledged(acknowledged, acknowledgedDuringOutage + 200);
			stop.set(true);
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			stop.set(true);
			executor.shutdownNow();
		}

		assertThat(unexpected).isEmpty();
		assertThat(unavailable.get()).isGreaterThanOrEqualTo(writers * 5);
		// a write is answered within twice the query timeout (some slack for the machine)
		assertThat(Duration.ofNanos(slowestFailure.get())).isLessThan(QUERY_TIMEOUT.multipliedBy(2).plusSeconds(5));
		Map<Long, StateChange> log = readEventLog();
		for (StateChange change : acknowledged) {
			StateChange logged = log.get(change.sequence());
			assertThat(logged).as("acknowledged change %s", change).isNotNull();
			assertThat(logged.key()).isEqualTo(change.key());
			assertThat(logged.version()).isEqualTo(change.version());
			assertThat(logged.value()).isEqualTo(change.value());
		}
		// changes whose commit was cut off may have landed too, but never twice, and
		// the log has no gap
		long last = this.database.queryForLong("SELECT max(sequence) FROM library_state_event");
		assertThat(log).hasSize((int) last);
		assertThat(this.database.queryForLong("SELECT min(sequence) FROM library_state_event")).isEqualTo(1);
		assertThat(this.database.queryForLong("SELECT count(*) FROM (SELECT version, row_number() OVER "
				+ "(PARTITION BY state_key ORDER BY sequence) AS n FROM library_state_event) e WHERE version <> n"))
			.isZero();
		awaitDispatched(store, last);
		awaitHealthy(health);
	}

	@Test
	void writesWhilePostgresHangsFailWithinTwiceTheQueryTimeoutAndTheStoreRecovers() throws Exception {
		URI server = URI.create(this.database.r2dbcUrl().substring("r2dbc:".length()));
		Duration queryTimeout = Duration.ofSeconds(2);
		try (FreezingProxy proxy = new FreezingProxy(server.getHost(), server.getPort())) {
			PostgresEndpoint throughProxy = new PostgresEndpoint(
					"r2dbc:postgresql://127.0.0.1:" + proxy.port() + "/" + this.database.name(),
					this.database.username(), this.database.password());
			PostgresStateStore store = replica(new SimpleMeterRegistry(), throughProxy, queryTimeout);
			SharedStateStoreHealthIndicator health = new SharedStateStoreHealthIndicator(store);
			List<StateChange> acknowledged = new ArrayList<>();
			acknowledged
				.add(store.put("hang.a", JsonNodeFactory.instance.numberNode(0), "test", Quality.GOOD).block(BLOCK));
			proxy.freeze();
			long started = System.nanoTime();
			List<CompletableFuture<StateChange>> writes = new ArrayList<>();
			for (int i = 1; i <= 5; i++) {
				writes
					.add(store.put("hang.a", JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD).toFuture());
			}
			for (CompletableFuture<StateChange> write : writes) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> write.get(1, TimeUnit.MINUTES))
					.havingCause()
					.isInstanceOf(StateStoreUnavailableException.class)
					.withMessageContaining("within 2000 ms")
					.withMessageContaining("not applied");
			}
			// answered within twice the query timeout (some slack for the machine)
			assertThat(Duration.ofNanos(System.nanoTime() - started))
				.isLessThan(queryTimeout.multipliedBy(2).plusSeconds(5));
			assertThat(health.health().block(BLOCK).getStatus().getCode()).isEqualTo("DOWN");
			proxy.thaw();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			StateChange recovered = null;
			while (recovered == null) {
				assertThat(System.nanoTime() - deadline).as("waiting for a write to succeed").isNegative();
				try {
					recovered = store.put("hang.a", JsonNodeFactory.instance.numberNode(99), "test", Quality.GOOD)
						.block(BLOCK);
				}
				catch (StateStoreUnavailableException ex) {
					sleep(200);
				}
			}
			acknowledged.add(recovered);
			assertThat(store.get("hang.a").block(BLOCK).version()).isEqualTo(recovered.version());
			Map<Long, StateChange> log = readEventLog();
			for (StateChange change : acknowledged) {
				assertThat(log.get(change.sequence())).isNotNull()
					.satisfies((logged) -> assertThat(logged.version()).isEqualTo(change.version()));
			}
			long last = this.database.queryForLong("SELECT max(sequence) FROM library_state_event");
			assertThat(log).hasSize((int) last);
			awaitDispatched(store, last);
			awaitHealthy(health);
		}
	}

	private Map<Long, StateChange> readEventLog() throws Exception {
		Map<Long, StateChange> log = new HashMap<>();
		try (var connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				var statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT sequence, state_key, change_type, version, source, "
						+ "value_json FROM library_state_event ORDER BY sequence")) {
			while (rows.next()) {
				String json = rows.getString(6);
				log.put(rows.getLong(1),
						new StateChange(rows.getLong(1), StateChange.Type.valueOf(rows.getString(3)), rows.getString(2),
								rows.getLong(4), java.time.Instant.EPOCH, rows.getString(5),
								(json != null) ? Quality.GOOD : null, (json != null) ? jsonMapper.readTree(json) : null,
								false));
			}
		}
		return log;
	}

	private static void awaitAcknowledged(Queue<StateChange> acknowledged, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (acknowledged.size() < count) {
			assertThat(System.nanoTime() - deadline).as("waiting for %d acknowledged writes", count).isNegative();
			sleep(10);
		}
	}

	private static void awaitDispatched(PostgresStateStore store, long sequence) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (store.dispatchedSequence() < sequence) {
			assertThat(System.nanoTime() - deadline).as("waiting for sequence %d", sequence).isNegative();
			sleep(20);
		}
	}

	private static void awaitHealthy(SharedStateStoreHealthIndicator health) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!"UP".equals(health.health().block(BLOCK).getStatus().getCode())) {
			assertThat(System.nanoTime() - deadline).as("waiting for the store to be healthy").isNegative();
			sleep(50);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
