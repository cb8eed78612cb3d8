package dev.library.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.library.state.DefaultStateStore;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL outage in the middle of state changes, on a real server: changes wait in
 * the outage buffer and all land once PostgreSQL is back, none twice. The outage cuts the
 * test database off (new connections refused, open ones terminated), which needs no
 * superuser rights.
 *
 * @author Library
 */
class OutageBufferIntegrationTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	@TempDir
	Path bufferDirectory;

	private TestPostgres.TestDatabase database;

	private ConnectionPool pool;

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase();
		this.pool = new ConnectionPool(
				ConnectionPoolConfiguration.builder(ConnectionFactories.get(this.database.endpoint()
					.options()
					.mutate()
					.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2))
					.build())).maxSize(4).maxAcquireTime(Duration.ofSeconds(2)).build());
	}

	@AfterEach
	void dropDatabase() {
		this.pool.dispose();
		this.database.restore();
		this.database.close();
	}

	private PostgresStatePersistence persistence(int maxChanges) {
		return new PostgresStatePersistence(this.pool, this.database.endpoint(), this.bufferDirectory, maxChanges,
				jsonMapper, Duration.ofSeconds(5), new SimpleMeterRegistry());
	}

	@Test
	void changesMadeDuringAnOutageAllLandOnceWhenPostgresIsBack() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PostgresStatePersistence persistence = new PostgresStatePersistence(this.pool, this.database.endpoint(),
				this.bufferDirectory, 100_000, jsonMapper, Duration.ofSeconds(5), meters);
		DefaultStateStore store = new DefaultStateStore(persistence, StateStoreOptions.defaults(), jsonMapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		int total = 10_000;
		AtomicInteger acknowledged = new AtomicInteger();
		Thread outage = new Thread(() -> {
			try {
				awaitAcknowledged(acknowledged, 3_000);
				this.database.cutOff();
				awaitAcknowledged(acknowledged, 7_000);
				Thread.sleep(200);
				this.database.restore();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		outage.start();
		try {
			Flux.range(1, total)
				.concatMap((i) -> store.put("plant.sensor" + (i % 100) + ".value",
						JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD))
				.doOnNext((change) -> acknowledged.incrementAndGet())
				.blockLast(Duration.ofMinutes(2));
			outage.join(30_000);
			// every change is acknowledged, so each is in PostgreSQL or in the buffer
			// file
			List<StateChange> history = persistence.readEvents(null, "", null, null, 0, total + 1);
			assertThat(history).extracting(StateChange::sequence).doesNotHaveDuplicates().hasSize(total);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!persistence.flushBuffered() && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(persistence.bufferedChanges()).isZero();
			double appended = meters.get("library.database.buffer.appended").counter().count();
			assertThat(appended).isPositive().isLessThan(total);
			assertThat(meters.get("library.database.buffer.flushed").counter().count()).isEqualTo(appended);
			assertThat(Files.size(this.bufferDirectory.resolve("state-changes.jsonl"))).isZero();
		}
		finally {
			outage.interrupt();
			store.stop();
		}
		assertThat(this.database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(total);
		assertThat(this.database.queryForLong("SELECT count(DISTINCT sequence) FROM library_state_event"))
			.isEqualTo(total);
		assertThat(this.database.queryForLong("SELECT min(sequence) FROM library_state_event")).isEqualTo(1);
		assertThat(this.database.queryForLong("SELECT max(sequence) FROM library_state_event")).isEqualTo(total);
		assertThat(this.database.queryForLong("SELECT num FROM library_state_meta WHERE name = 'last_sequence'"))
			.isEqualTo(total);
		assertThat(this.database.queryForLong(
				"SELECT (value_json::jsonb)::int FROM library_state_entry WHERE state_key = 'plant.sensor0.value'"))
			.isEqualTo(total);
	}

	@Test
	void changesLeftInTheBufferAtShutdownAreFlushedAtTheNextStart() {
		PostgresStatePersistence persistence = persistence(100_000);
		DefaultStateStore store = new DefaultStateStore(persistence, StateStoreOptions.defaults(), jsonMapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		store.put("a", JsonNodeFactory.instance.numberNode(1), "test", Quality.GOOD).block();
		this.database.cutOff();
		for (int i = 2; i <= 50; i++) {
			store.put("a", JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD).block(Duration.ofSeconds(30));
		}
		store.stop();
		assertThat(this.database.queryForLongAfterRestore("SELECT count(*) FROM library_state_event")).isEqualTo(1);

		DefaultStateStore restarted = new DefaultStateStore(persistence(100_000), StateStoreOptions.defaults(),
				jsonMapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		restarted.start();
		try {
			assertThat(restarted.get("a").block().value().asInt()).isEqualTo(50);
			assertThat(restarted.get("a").block().version()).isEqualTo(50);
		}
		finally {
			restarted.stop();
		}
		assertThat(this.database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(50);
	}

	@Test
	void aFullBufferMakesWritesWaitUntilPostgresIsBack() throws Exception {
		PostgresStatePersistence persistence = persistence(10);
		DefaultStateStore store = new DefaultStateStore(persistence, StateStoreOptions.defaults(), jsonMapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		try {
			store.put("a", JsonNodeFactory.instance.numberNode(0), "test", Quality.GOOD).block();
			this.database.cutOff();
			for (int i = 1; i <= 10; i++) {
				store.put("a", JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD)
					.block(Duration.ofSeconds(30));
			}
			assertThat(persistence.bufferedChanges()).isEqualTo(10);
			var waiting = store.put("a", JsonNodeFactory.instance.numberNode(11), "test", Quality.GOOD).toFuture();
			Thread.sleep(1_000);
			assertThat(waiting).isNotDone();
			this.database.restore();
			assertThat(waiting.get(60, java.util.concurrent.TimeUnit.SECONDS).version()).isEqualTo(12);
		}
		finally {
			store.stop();
		}
		assertThat(this.database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(12);
	}

	private static void awaitAcknowledged(AtomicInteger acknowledged, int count) throws InterruptedException {
		while (acknowledged.get() < count) {
			Thread.sleep(1);
		}
	}

}
