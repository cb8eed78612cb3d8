package dev.library.database;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.library.state.DefaultStateStore;
import dev.library.state.EventPage;
import dev.library.state.EventQuery;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreOptions;
import dev.library.state.StateValue;
import dev.library.state.StateVersionConflictException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PostgresStatePersistence} under a {@link DefaultStateStore}, against a real
 * PostgreSQL.
 *
 * @author Library
 */
class PostgresStatePersistenceIntegrationTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static TestPostgres.TestDatabase database;

	@TempDir
	Path bufferDirectory;

	private ConnectionPool pool;

	private SimpleMeterRegistry meters;

	@BeforeAll
	static void createDatabase() {
		database = TestPostgres.createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		database.close();
	}

	@BeforeEach
	void createPool() {
		this.pool = new ConnectionPool(
				ConnectionPoolConfiguration.builder(ConnectionFactories.get(database.endpoint().options()))
					.maxSize(4)
					.build());
		this.meters = new SimpleMeterRegistry();
		database.execute("DROP TABLE IF EXISTS library_state_event, library_state_entry, library_state_meta, "
				+ "library_schema_history");
	}

	@AfterEach
	void disposePool() {
		this.pool.dispose();
	}

	private PostgresStatePersistence persistence() {
		return new PostgresStatePersistence(this.pool, database.endpoint(), this.bufferDirectory, 1_000, jsonMapper,
				Duration.ofSeconds(10), this.meters);
	}

	private DefaultStateStore store() {
		DefaultStateStore store = new DefaultStateStore(persistence(), StateStoreOptions.defaults(), jsonMapper, null,
				this.meters, Clock.systemUTC());
		store.start();
		return store;
	}

	@Test
	void stateAndEventsSurviveARestart() {
		DefaultStateStore store = store();
		store.put("plant.tank1.level", JsonNodeFactory.instance.numberNode(42.5), "test", Quality.GOOD).block();
		store
			.put("plant.tank1.mode", JsonNodeFactory.instance.objectNode().put("auto", true), "test", Quality.UNCERTAIN)
			.block();
		store.put("plant.tank2.level", JsonNodeFactory.instance.numberNode(1), "test", Quality.GOOD).block();
		store.delete("plant.tank2.level", "test").block();
		StateValue before = store.get("plant.tank1.mode").block();
		store.stop();

		DefaultStateStore restarted = store();
		try {
			assertThat(restarted.get("plant.tank1.level").block().value().asDouble()).isEqualTo(42.5);
			assertThat(restarted.get("plant.tank1.mode").block()).isEqualTo(before);
			assertThat(restarted.get("plant.tank2.level").blockOptional()).isEmpty();
			EventPage events = restarted.events(new EventQuery(null, "plant", null, null, 100, null)).block();
			assertThat(events.events()).extracting(StateChange::sequence).containsExactly(1L, 2L, 3L, 4L);
			assertThat(events.events().get(3).type()).isEqualTo(StateChange.Type.DELETE);
			StateChange next = restarted
				.put("plant.tank2.level", JsonNodeFactory.instance.numberNode(2), "test", Quality.GOOD)
				.block();
			assertThat(next.sequence()).isEqualTo(5);
			assertThat(next.version()).isEqualTo(3);
			assertThat(next.created()).isTrue();
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void eightConcurrentWritersDoingCompareAndSetOnOneKeyLoseNoUpdate() throws Exception {
		DefaultStateStore store = store();
		try {
			store.put("counter", JsonNodeFactory.instance.numberNode(0), "test", Quality.GOOD).block();
			int writers = 8;
			int incrementsEach = 100;
			ExecutorService executor = Executors.newFixedThreadPool(writers);
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < incrementsEach; i++) {
						while (true) {
							StateValue current = store.get("counter").block();
							try {
								store
									.compareAndSet("counter", current.version(),
											JsonNodeFactory.instance.numberNode(current.value().asInt() + 1), "test",
											Quality.GOOD)
									.block();
								break;
							}
							catch (StateVersionConflictException ex) {
								// another writer won: read again
							}
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			executor.shutdown();
			assertThat(store.get("counter").block().value().asInt()).isEqualTo(writers * incrementsEach);
		}
		finally {
			store.stop();
		}
		assertThat(database
			.queryForLong("SELECT (value_json::jsonb)::int FROM library_state_entry WHERE state_key = 'counter'"))
			.isEqualTo(800);
		assertThat(database.queryForLong("SELECT count(*) FROM library_state_event WHERE state_key = 'counter'"))
			.isEqualTo(801);
	}

	@Test
	void concurrentWritesAreGroupCommittedManyChangesPerTransaction() {
		DefaultStateStore store = store();
		int changes = 5_000;
		try {
			Flux.range(0, changes)
				.flatMap((i) -> store.put("plant.sensor" + (i % 50) + ".value", JsonNodeFactory.instance.numberNode(i),
						"test", Quality.GOOD), 512)
				.blockLast(Duration.ofMinutes(1));
		}
		finally {
			store.stop();
		}
		long commits = this.meters.get("library.database.query.duration")
			.tags("operation", "commit", "outcome", "success")
			.timer()
			.count();
		assertThat(commits).isPositive().isLessThan(changes / 10);
		assertThat(database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(changes);
		assertThat(database.queryForLong("SELECT count(*) FROM library_state_entry")).isEqualTo(50);
		assertThat(database.queryForLong("SELECT num FROM library_state_meta WHERE name = 'last_sequence'"))
			.isEqualTo(changes);
	}

	@Test
	void aBatchCommittedTwiceLandsOnce() {
		PostgresStatePersistence first = persistence();
		first.open();
		List<StateChange> batch = List.of(
				new StateChange(1, StateChange.Type.PUT, "a", 1, Instant.now(), "test", Quality.GOOD,
						JsonNodeFactory.instance.textNode("x"), true),
				new StateChange(2, StateChange.Type.PUT, "a", 2, Instant.now(), "test", Quality.GOOD,
						JsonNodeFactory.instance.textNode("y"), false));
		first.commit(batch);
		first.close();
		PostgresStatePersistence second = persistence();
		second.open();
		// a fresh instance does not know the batch is in: the statements must ignore it
		second.commit(List.of(batch.get(0)));
		second.close();
		assertThat(database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(2);
		assertThat(database.queryForLong("SELECT version FROM library_state_entry WHERE state_key = 'a'")).isEqualTo(2);
	}

	@Test
	void valuesAndSourcesWithTabsNewlinesBackslashesAndNullMarkersArriveExactly() {
		String awkward = "tab\there\nnew line\r\nback\\slash \\N \\. end \u00e9\u2603";
		DefaultStateStore store = store();
		store
			.put("plant.note", JsonNodeFactory.instance.objectNode().put("text", awkward).putNull("none"),
					"user\\name \\N", Quality.GOOD)
			.block();
		store.put("plant.raw", JsonNodeFactory.instance.textNode("\\N"), "\\N", Quality.BAD).block();
		StateValue note = store.get("plant.note").block();
		StateValue raw = store.get("plant.raw").block();
		store.stop();

		DefaultStateStore restarted = store();
		try {
			assertThat(restarted.get("plant.note").block()).isEqualTo(note);
			assertThat(restarted.get("plant.note").block().value().get("text").asString()).isEqualTo(awkward);
			assertThat(restarted.get("plant.raw").block()).isEqualTo(raw);
			List<StateChange> events = restarted.events(new EventQuery(null, "plant", null, null, 10, null))
				.block()
				.events();
			assertThat(events).hasSize(2);
			assertThat(events.get(0).value().get("text").asString()).isEqualTo(awkward);
			assertThat(events.get(0).value().get("none").isNull()).isTrue();
			assertThat(events.get(0).source()).isEqualTo("user\\name \\N");
			assertThat(events.get(1).value().asString()).isEqualTo("\\N");
			assertThat(events.get(1).source()).isEqualTo("\\N");
			assertThat(events.get(1).quality()).isEqualTo(Quality.BAD);
		}
		finally {
			restarted.stop();
		}
	}

	@Test
	void aLongerBatchOverlappingACommittedOneReplacesItsRowsOnce() {
		PostgresStatePersistence first = persistence();
		first.open();
		List<StateChange> batch = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			batch.add(new StateChange(i, StateChange.Type.PUT, "k" + (i % 2), (i + 1) / 2, Instant.now(), "test",
					Quality.GOOD, JsonNodeFactory.instance.numberNode(i), i <= 2));
		}
		first.commit(batch.subList(0, 3));
		first.close();
		PostgresStatePersistence second = persistence();
		second.open();
		second.commit(batch);
		second.close();
		assertThat(database.queryForLong("SELECT count(*) FROM library_state_event")).isEqualTo(5);
		assertThat(database.queryForLong("SELECT count(DISTINCT sequence) FROM library_state_event")).isEqualTo(5);
		assertThat(database.queryForLong("SELECT num FROM library_state_meta WHERE name = 'last_sequence'"))
			.isEqualTo(5);
		assertThat(database.queryForLong("SELECT sequence FROM library_state_entry WHERE state_key = 'k1'"))
			.isEqualTo(5);
	}

	@Test
	void migrationsAreSafeToRunTwice() {
		assertThat(PlatformSchemaMigrations.migrate(database.endpoint())).isEqualTo(1);
		assertThat(PlatformSchemaMigrations.migrate(database.endpoint())).isZero();
	}

	@Test
	void retentionRemovesTheOldestChangesBeyondTheCount() {
		DefaultStateStore store = store();
		try {
			for (int i = 0; i < 30; i++) {
				store.put("k", JsonNodeFactory.instance.numberNode(i), "test", Quality.GOOD).block();
			}
		}
		finally {
			store.stop();
		}
		PostgresStatePersistence persistence = persistence();
		persistence.open();
		try {
			assertThat(persistence.applyRetention(Instant.EPOCH, 10)).isEqualTo(20);
			assertThat(persistence.firstRetainedSequence()).isEqualTo(21);
			assertThat(persistence.readEvents("k", "", null, null, 0, 5)).extracting(StateChange::sequence)
				.containsExactly(21L, 22L, 23L, 24L, 25L);
		}
		finally {
			persistence.close();
		}
	}

}
