package dev.library.database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * The queries of the state event log table ({@code library_state_event}), shared by the
 * single-instance persistence and the store shared by several replicas.
 *
 * @author Library
 */
final class PostgresEventLog {

	static final String EVENT_COLUMNS = "sequence, state_key, change_type, version, ts_epoch_nanos, source, "
			+ "quality, value_json, created";

	static final int RETENTION_CHUNK = 10_000;

	private final ConnectionFactory connectionFactory;

	private final JsonMapper jsonMapper;

	PostgresEventLog(ConnectionFactory connectionFactory, JsonMapper jsonMapper) {
		this.connectionFactory = connectionFactory;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Read changes in sequence order.
	 */
	Flux<StateChange> read(@Nullable String key, String prefix, @Nullable Instant since, @Nullable Instant until,
			long afterSequence, int limit) {
		StringBuilder sql = new StringBuilder(
				"SELECT " + EVENT_COLUMNS + " FROM library_state_event WHERE sequence > $1");
		List<Object> parameters = new ArrayList<>();
		parameters.add(afterSequence);
		if (key != null) {
			parameters.add(key);
			sql.append(" AND state_key = $").append(parameters.size());
		}
		if (!prefix.isEmpty()) {
			parameters.add(prefix);
			sql.append(" AND (state_key = $").append(parameters.size());
			parameters.add(likePrefix(prefix));
			sql.append(" OR state_key LIKE $").append(parameters.size()).append(")");
		}
		if (since != null) {
			parameters.add(epochNanos(since));
			sql.append(" AND ts_epoch_nanos >= $").append(parameters.size());
		}
		if (until != null) {
			parameters.add(epochNanos(until));
			sql.append(" AND ts_epoch_nanos < $").append(parameters.size());
		}
		parameters.add(limit);
		sql.append(" ORDER BY sequence LIMIT $").append(parameters.size());
		return query(sql.toString(), parameters, this::readChange);
	}

	/**
	 * Return the LIKE pattern of the keys strictly under a prefix.
	 */
	static String likePrefix(String prefix) {
		return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + ".%";
	}

	/**
	 * Return the sequence of the oldest change kept, 0 if the log is empty.
	 */
	Mono<Long> firstSequence() {
		return query("SELECT COALESCE(MIN(sequence), 0) FROM library_state_event", List.of(), (row) -> number(row, 0))
			.next();
	}

	/**
	 * Return the sequence of the newest change made before an instant, 0 if none.
	 */
	Mono<Long> lastSequenceBefore(Instant instant) {
		return query("SELECT COALESCE(MAX(sequence), 0) FROM library_state_event WHERE ts_epoch_nanos < $1",
				List.of(epochNanos(instant)), (row) -> number(row, 0))
			.next();
	}

	/**
	 * Remove at most {@link #RETENTION_CHUNK} changes at or before a sequence, oldest
	 * first.
	 * @return the number of changes removed
	 */
	Mono<Long> removeUpTo(long sequence) {
		return Mono.usingWhen(this.connectionFactory.create(), (connection) -> update(connection,
				"DELETE FROM library_state_event WHERE sequence IN (SELECT sequence FROM "
						+ "library_state_event WHERE sequence <= $1 ORDER BY sequence LIMIT " + RETENTION_CHUNK + ")",
				sequence), Connection::close);
	}

	StateChange readChange(Readable row) {
		String quality = row.get(6, String.class);
		String json = row.get(7, String.class);
		return new StateChange(number(row, 0), StateChange.Type.valueOf(string(row, 2)), string(row, 1), number(row, 3),
				instant(number(row, 4)), string(row, 5), (quality != null) ? Quality.valueOf(quality) : null,
				(json != null) ? readJson(json) : null, Boolean.TRUE.equals(row.get(8, Boolean.class)));
	}

	JsonNode readJson(String json) {
		return this.jsonMapper.readTree(json);
	}

	private <T> Flux<T> query(String sql, List<Object> parameters, Function<Readable, T> mapper) {
		return Flux.usingWhen(Mono.<Connection>from(this.connectionFactory.create()).retry(2), (connection) -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < parameters.size(); i++) {
				statement.bind(i, parameters.get(i));
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.map(mapper::apply));
		}, Connection::close);
	}

	static Mono<Long> update(Connection connection, String sql, Object... parameters) {
		Statement statement = connection.createStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.bind(i, parameters[i]);
		}
		return Flux.from(statement.execute()).flatMap((result) -> result.getRowsUpdated()).reduce(0L, Long::sum);
	}

	static String string(Readable row, int index) {
		String value = row.get(index, String.class);
		Assert.state(value != null, "Unexpected null");
		return value;
	}

	static long number(Readable row, int index) {
		Long value = row.get(index, Long.class);
		Assert.state(value != null, "Unexpected null");
		return value;
	}

	static long epochNanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
				Math.floorMod(epochNanos, 1_000_000_000L));
	}

}
