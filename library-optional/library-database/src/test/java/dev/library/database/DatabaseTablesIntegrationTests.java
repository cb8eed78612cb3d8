package dev.library.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.state.DefaultStateStore;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tables declared in configuration, against a real PostgreSQL: creation, additive and
 * refused migrations, routing of state changes, and the HTTP routes.
 *
 * @author Library
 */
class DatabaseTablesIntegrationTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final TableDefinition TEMPERATURES = new TableDefinition("temperatures",
			List.of(new TableDefinition.Column("time", ColumnType.TIMESTAMP, false),
					new TableDefinition.Column("device", ColumnType.TEXT, false),
					new TableDefinition.Column("value", ColumnType.DOUBLE, true)),
			List.of(), List.of(List.of("device", "time")), "time", Duration.ofDays(30));

	private static TestPostgres.TestDatabase database;

	private ConnectionPool pool;

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
		database.execute("DROP TABLE IF EXISTS temperatures, counters, devices");
		this.pool = new ConnectionPool(
				ConnectionPoolConfiguration.builder(ConnectionFactories.get(database.endpoint().options()))
					.maxSize(4)
					.build());
	}

	@AfterEach
	void disposePool() {
		this.pool.dispose();
	}

	private DatabaseTables tables(TableDefinition... tables) {
		return new DatabaseTables(this.pool, List.of(tables), Duration.ofSeconds(10), jsonMapper);
	}

	@Test
	void aDeclaredTableIsCreatedWithItsIndexesAndMigratingAgainChangesNothing() {
		tables(TEMPERATURES).migrate();
		tables(TEMPERATURES).migrate();
		assertThat(database
			.queryForLong("SELECT count(*) FROM information_schema.columns " + "WHERE table_name = 'temperatures'"))
			.isEqualTo(3);
		assertThat(database.queryForLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'temperatures' "
				+ "AND indexname = 'temperatures_device_time_idx'"))
			.isEqualTo(1);
	}

	@Test
	void additiveChangesAreApplied() {
		tables(TEMPERATURES).migrate();
		database.execute("INSERT INTO temperatures (time, device, value) VALUES (now(), 'tank1', 20)");
		TableDefinition wider = new TableDefinition("temperatures",
				List.of(new TableDefinition.Column("time", ColumnType.TIMESTAMP, false),
						new TableDefinition.Column("device", ColumnType.TEXT, true),
						new TableDefinition.Column("value", ColumnType.DOUBLE, true),
						new TableDefinition.Column("quality", ColumnType.TEXT, true)),
				List.of(), List.of(List.of("device", "time"), List.of("quality")), "time", null);
		tables(wider).migrate();
		assertThat(database.queryForLong("SELECT count(*) FROM information_schema.columns "
				+ "WHERE table_name = 'temperatures' AND column_name = 'quality'"))
			.isEqualTo(1);
		assertThat(database.queryForLong("SELECT count(*) FROM information_schema.columns WHERE table_name = "
				+ "'temperatures' AND column_name = 'device' AND is_nullable = 'YES'"))
			.isEqualTo(1);
		assertThat(database.queryForLong("SELECT count(*) FROM temperatures")).isEqualTo(1);
	}

	@Test
	void destructiveChangesAreRefusedWithEveryProblemNamed() {
		tables(TEMPERATURES).migrate();
		database.execute("INSERT INTO temperatures (time, device, value) VALUES (now(), 'tank1', 20)");
		TableDefinition changed = new TableDefinition("temperatures",
				List.of(new TableDefinition.Column("time", ColumnType.TIMESTAMP, false),
						new TableDefinition.Column("value", ColumnType.TEXT, false),
						new TableDefinition.Column("site", ColumnType.TEXT, false)),
				List.of("time"), List.of(), "time", null);
		assertThatExceptionOfType(InvalidTableDefinitionException.class).isThrownBy(() -> tables(changed).migrate())
			.satisfies((ex) -> assertThat(ex.getProblems()).hasSize(5)
				.anySatisfy((problem) -> assertThat(problem).contains("'device'", "not declared"))
				.anySatisfy((problem) -> assertThat(problem).contains("'value'", "double precision", "text"))
				.anySatisfy((problem) -> assertThat(problem).contains("'value'", "NOT NULL"))
				.anySatisfy((problem) -> assertThat(problem).contains("'site'", "NOT NULL", "rows"))
				.anySatisfy((problem) -> assertThat(problem).contains("primary key")));
		assertThat(database
			.queryForLong("SELECT count(*) FROM information_schema.columns " + "WHERE table_name = 'temperatures'"))
			.isEqualTo(3);
	}

	@Test
	void invalidIdentifiersAreRefused() {
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> new TableDefinition("temps; DROP TABLE x",
					List.of(new TableDefinition.Column("Value\"", ColumnType.TEXT, true)), List.of("nope"), List.of(),
					null, null))
			.satisfies((ex) -> assertThat(ex.getProblems()).hasSize(3));
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> new TableDefinition("library_state_entry",
					List.of(new TableDefinition.Column("a", ColumnType.TEXT, true)), List.of(), List.of(), null, null));
	}

	@Test
	void stateChangesMatchingARouteBecomeRowsAndArePagedOverHttp() throws Exception {
		DatabaseTables tables = tables(TEMPERATURES);
		tables.migrate();
		DefaultStateStore store = new DefaultStateStore(new InMemoryStatePersistence(1_000),
				StateStoreOptions.defaults(), jsonMapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		store.start();
		StateTableRouter router = new StateTableRouter(store, tables,
				List.of(new StateTableRoute("plant.*.temperature", TEMPERATURES,
						Map.of("time", "time", "device", "segment:1", "value", "value"))),
				jsonMapper, new SimpleMeterRegistry());
		router.start();
		Instant start = Instant.now();
		try {
			store.put("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(21.5), "test", Quality.GOOD)
				.block();
			store.put("plant.tank2.temperature", JsonNodeFactory.instance.numberNode(19), "test", Quality.GOOD).block();
			store.put("plant.tank1.level", JsonNodeFactory.instance.numberNode(3), "test", Quality.GOOD).block();
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (database.queryForLong("SELECT count(*) FROM temperatures") < 2 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
		}
		finally {
			router.stop();
			store.stop();
		}
		assertThat(database.queryForLong("SELECT count(*) FROM temperatures")).isEqualTo(2);
		WebTestClient client = WebTestClient
			.bindToRouterFunction(DatabaseRoutes.create(new DatabaseTableHandler(tables)))
			.handlerStrategies(HandlerStrategies.empty()
				.codecs((codecs) -> codecs.registerDefaults(true))
				.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
				.build())
			.build();
		client.get()
			.uri("/database/tables")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tables[0].name")
			.isEqualTo("temperatures")
			.jsonPath("$.tables[0].rowCount")
			.isEqualTo(2)
			.jsonPath("$.tables[0].columns[2].type")
			.isEqualTo("double");
		client.get()
			.uri((uri) -> uri.path("/database/tables/temperatures/rows")
				.queryParam("since", start.minusSeconds(1).toString())
				.queryParam("limit", 1)
				.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.rows.length()")
			.isEqualTo(1)
			.jsonPath("$.rows[0].device")
			.isEqualTo("tank1")
			.jsonPath("$.rows[0].value")
			.isEqualTo(21.5);
		client.get()
			.uri("/database/tables/nope/rows")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/table-not-found");
		client.get()
			.uri("/database/tables/temperatures/rows?since=yesterday")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client.get()
			.uri("/database/tables/temperatures/rows?limit=0")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void rowsArePagedWithTheNextCursorEachRowOnceInTimeOrder() {
		DatabaseTables tables = tables(TEMPERATURES);
		tables.migrate();
		// equal times (ties broken by the row's position), and a row without time last
		database.execute("ALTER TABLE temperatures ALTER COLUMN time DROP NOT NULL");
		database.execute("INSERT INTO temperatures (time, device, value) VALUES "
				+ "('2025-01-01T00:00:02Z', 'b', 2), ('2025-01-01T00:00:01Z', 'a', 1), "
				+ "('2025-01-01T00:00:02Z', 'c', 3), ('2025-01-01T00:00:02Z', 'd', 4), "
				+ "('2025-01-01T00:00:03.000001Z', 'e', 5), (NULL, 'f', 6), ('2025-01-01T00:00:04Z', 'g', 7)");
		WebTestClient client = client(tables);
		List<Object> devices = pageAll(client, "/database/tables/temperatures/rows?limit=2", "device");
		assertThat(devices).containsExactly("a", "b", "c", "d", "e", "g", "f");
		List<Object> since = pageAll(client, "/database/tables/temperatures/rows?limit=1&since=2025-01-01T00:00:02Z",
				"device");
		// a row without time is not at or after an instant
		assertThat(since).containsExactly("b", "c", "d", "e", "g");
	}

	@Test
	void rowsOfATableWithAPrimaryKeyArePagedInKeyOrder() {
		TableDefinition devices = new TableDefinition("devices",
				List.of(new TableDefinition.Column("site", ColumnType.TEXT, false),
						new TableDefinition.Column("id", ColumnType.INTEGER, false),
						new TableDefinition.Column("name", ColumnType.TEXT, true)),
				List.of("site", "id"), List.of(), null, null);
		DatabaseTables tables = tables(TEMPERATURES, devices);
		tables.migrate();
		database.execute("INSERT INTO devices (site, id, name) VALUES ('north', 2, 'n2'), ('east', 10, 'e10'), "
				+ "('north', 1, 'n1'), ('east', 9, 'e9'), ('south', 1, 's1'), ('east', 11, 'e11'), ('north', 3, 'n3')");
		WebTestClient client = client(tables);
		assertThat(pageAll(client, "/database/tables/devices/rows?limit=3", "name")).containsExactly("e9", "e10", "e11",
				"n1", "n2", "n3", "s1");
		String cursor = client.get()
			.uri("/database/tables/devices/rows?limit=1")
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("nextCursor")
			.toString();
		// a cursor of another table, and one altered by hand, are refused
		client.get()
			.uri((uri) -> uri.path("/database/tables/temperatures/rows").queryParam("cursor", cursor).build())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("cursor"));
		String altered = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"t\":\"devices\",\"a\":[\"east\",\"nine\"]}".getBytes());
		for (String bad : List.of(altered, "not-a-cursor", "")) {
			client.get()
				.uri((uri) -> uri.path("/database/tables/devices/rows").queryParam("cursor", bad).build())
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Object> pageAll(WebTestClient client, String uri, String column) {
		List<Object> values = new java.util.ArrayList<>();
		String cursor = null;
		for (int page = 0; page < 20; page++) {
			String next = cursor;
			Map<String, Object> body = client.get().uri((builder) -> {
				var path = org.springframework.web.util.UriComponentsBuilder.fromUriString(uri);
				if (next != null) {
					path.queryParam("cursor", next);
				}
				return path.build().toUri();
			}).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
			for (Map<String, Object> row : (List<Map<String, Object>>) body.get("rows")) {
				values.add(row.get(column));
			}
			cursor = (String) body.get("nextCursor");
			if (cursor == null) {
				return values;
			}
		}
		throw new AssertionError("More pages than rows: " + values);
	}

	private static WebTestClient client(DatabaseTables tables) {
		return WebTestClient.bindToRouterFunction(DatabaseRoutes.create(new DatabaseTableHandler(tables)))
			.handlerStrategies(HandlerStrategies.empty()
				.codecs((codecs) -> codecs.registerDefaults(true))
				.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
				.build())
			.build();
	}

}
