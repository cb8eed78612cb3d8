package dev.library.database;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tables declared in configuration: creates or migrates them, writes rows into them,
 * counts and pages their rows, and applies their retention.
 * <p>
 * Migration is additive only: a missing table is created, missing columns and indexes are
 * added, a NOT NULL constraint may be dropped. A change that could lose data or fail on
 * existing rows (a column in the database but not declared, another type, a new NOT NULL
 * constraint or column on a table with rows, another primary key) is refused with an
 * {@link InvalidTableDefinitionException} listing every such difference. Identifiers are
 * validated by {@link TableDefinition} and always quoted; values are always bound.
 *
 * @author Library
 */
public class DatabaseTables {

	private static final Log logger = LogFactory.getLog(DatabaseTables.class);

	private final ConnectionFactory connectionFactory;

	private final Map<String, TableDefinition> tables;

	private final Duration timeout;

	private final JsonMapper jsonMapper;

	/**
	 * Create a new instance.
	 * @param connectionFactory connections to the database
	 * @param tables the declared tables
	 * @param timeout the longest time a blocking operation may take
	 * @param jsonMapper reads jsonb columns
	 */
	public DatabaseTables(ConnectionFactory connectionFactory, List<TableDefinition> tables, Duration timeout,
			JsonMapper jsonMapper) {
		this.connectionFactory = connectionFactory;
		this.tables = new LinkedHashMap<>();
		for (TableDefinition table : tables) {
			if (this.tables.put(table.name(), table) != null) {
				throw new InvalidTableDefinitionException(table.name(), List.of("the table is declared twice"));
			}
		}
		this.timeout = timeout;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Return a declared table.
	 * @param name the table name
	 * @return the table, or {@code null} if none is declared under that name
	 */
	public @Nullable TableDefinition table(String name) {
		return this.tables.get(name);
	}

	/**
	 * Return the declared tables.
	 * @return the tables, in declaration order
	 */
	public List<TableDefinition> tables() {
		return List.copyOf(this.tables.values());
	}

	/**
	 * Create or migrate every declared table. Blocks.
	 * @throws InvalidTableDefinitionException if a table cannot be migrated without
	 * losing data
	 */
	public void migrate() {
		for (TableDefinition table : this.tables.values()) {
			migrate(table);
		}
	}

	private void migrate(TableDefinition table) {
		Map<String, String[]> existing = new LinkedHashMap<>();
		for (Object[] row : block(query(
				"SELECT column_name, data_type, is_nullable FROM information_schema.columns "
						+ "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
				List.of(table.name()),
				(r) -> new Object[] { r.get(0, String.class), r.get(1, String.class), r.get(2, String.class) })
			.collectList())) {
			existing.put((String) row[0], new String[] { (String) row[1], (String) row[2] });
		}
		List<String> statements = new ArrayList<>();
		if (existing.isEmpty()) {
			statements.add(createTable(table));
			logger.info("Creating table " + table.name());
		}
		else {
			List<String> problems = new ArrayList<>();
			boolean empty = block(query("SELECT NOT EXISTS (SELECT 1 FROM " + quote(table.name()) + ")", List.of(),
					(r) -> r.get(0, Boolean.class))
				.next());
			for (String column : existing.keySet()) {
				if (table.column(column) == null) {
					problems.add("column '" + column + "' exists in the database but is not declared; dropping it "
							+ "would lose data (declare it, or drop it by hand)");
				}
			}
			for (TableDefinition.Column column : table.columns()) {
				String[] found = existing.get(column.name());
				if (found == null) {
					if (!column.nullable() && !empty) {
						problems.add("new column '" + column.name() + "' is NOT NULL but the table has rows; "
								+ "declare it nullable");
					}
					else {
						statements.add("ALTER TABLE " + quote(table.name()) + " ADD COLUMN " + columnSql(column));
					}
					continue;
				}
				if (!column.type().sqlName().equals(found[0])) {
					problems.add("column '" + column.name() + "' is " + found[0] + " in the database, declared "
							+ column.type().sqlName() + "; changing its type is refused");
				}
				boolean nullableNow = "YES".equals(found[1]);
				if (nullableNow && !column.nullable()) {
					problems.add("column '" + column.name() + "' accepts null in the database; making it NOT NULL "
							+ "is refused");
				}
				else if (!nullableNow && column.nullable()) {
					statements.add("ALTER TABLE " + quote(table.name()) + " ALTER COLUMN " + quote(column.name())
							+ " DROP NOT NULL");
				}
			}
			List<String> primaryKey = block(query(
					"SELECT a.attname::text FROM pg_index i JOIN pg_attribute a "
							+ "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
							+ "WHERE i.indrelid = to_regclass(quote_ident($1)) AND i.indisprimary "
							+ "ORDER BY array_position(i.indkey, a.attnum)",
					List.of(table.name()), (r) -> r.get(0, String.class))
				.collectList());
			if (!primaryKey.equals(table.primaryKey())) {
				problems.add("the primary key is " + primaryKey + " in the database, declared " + table.primaryKey()
						+ "; changing it is refused");
			}
			if (!problems.isEmpty()) {
				throw new InvalidTableDefinitionException(table.name(), problems);
			}
			if (!statements.isEmpty()) {
				logger.info("Migrating table " + table.name() + ": " + statements.size() + " additive changes");
			}
		}
		for (List<String> index : table.indexes()) {
			statements.add(
					"CREATE INDEX IF NOT EXISTS " + quote(indexName(table.name(), index)) + " ON " + quote(table.name())
							+ " (" + index.stream().map(DatabaseTables::quote).collect(Collectors.joining(", ")) + ")");
		}
		block(Mono.usingWhen(this.connectionFactory.create(), (connection) -> {
			Mono<Void> work = Mono.from(connection.beginTransaction());
			for (String sql : statements) {
				work = work.then(Flux.from(connection.createStatement(sql).execute())
					.flatMap((result) -> result.getRowsUpdated())
					.then());
			}
			return work.then(Mono.from(connection.commitTransaction()));
		}, Connection::close,
				(connection, error) -> Mono.from(connection.rollbackTransaction())
					.onErrorResume((ex) -> Mono.empty())
					.then(Mono.from(connection.close())),
				Connection::close));
	}

	private static String createTable(TableDefinition table) {
		StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS " + quote(table.name()) + " (");
		sql.append(table.columns().stream().map(DatabaseTables::columnSql).collect(Collectors.joining(", ")));
		if (!table.primaryKey().isEmpty()) {
			sql.append(", PRIMARY KEY (")
				.append(table.primaryKey().stream().map(DatabaseTables::quote).collect(Collectors.joining(", ")))
				.append(")");
		}
		return sql.append(")").toString();
	}

	private static String columnSql(TableDefinition.Column column) {
		return quote(column.name()) + " " + column.type().sqlName() + (column.nullable() ? "" : " NOT NULL");
	}

	static String indexName(String table, List<String> columns) {
		String name = table + "_" + String.join("_", columns) + "_idx";
		if (name.length() <= 63) {
			return name;
		}
		String hash = Integer.toHexString(name.hashCode());
		return name.substring(0, 63 - hash.length() - 1) + "_" + hash;
	}

	static String quote(String identifier) {
		if (!TableDefinition.isIdentifier(identifier)) {
			throw new IllegalArgumentException("Not a valid identifier: '" + identifier + "'");
		}
		return "\"" + identifier + "\"";
	}

	/**
	 * Insert rows into a declared table, all in one statement.
	 * @param table the table
	 * @param rows the rows, each a map of column name to value ({@code null} for SQL
	 * null)
	 * @return a mono that completes once the rows are in
	 */
	public Mono<Void> insert(TableDefinition table, List<Map<String, @Nullable Object>> rows) {
		if (rows.isEmpty()) {
			return Mono.empty();
		}
		List<TableDefinition.Column> columns = table.columns();
		StringBuilder sql = new StringBuilder("INSERT INTO " + quote(table.name()) + " ("
				+ columns.stream().map((c) -> quote(c.name())).collect(Collectors.joining(", ")) + ") VALUES ");
		int parameter = 1;
		for (int r = 0; r < rows.size(); r++) {
			sql.append((r > 0) ? ", (" : "(");
			for (int c = 0; c < columns.size(); c++) {
				sql.append((c > 0) ? ", $" : "$").append(parameter++);
			}
			sql.append(")");
		}
		if (!table.primaryKey().isEmpty()) {
			sql.append(" ON CONFLICT DO NOTHING");
		}
		return Mono.usingWhen(this.connectionFactory.create(), (connection) -> {
			Statement statement = connection.createStatement(sql.toString());
			int index = 0;
			for (Map<String, @Nullable Object> row : rows) {
				for (TableDefinition.Column column : columns) {
					Object value = row.get(column.name());
					if (value == null) {
						statement.bindNull(index++, javaType(column.type()));
					}
					else {
						statement.bind(index++, value);
					}
				}
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.getRowsUpdated()).then();
		}, Connection::close);
	}

	static Class<?> javaType(ColumnType type) {
		return switch (type) {
			case TEXT -> String.class;
			case INTEGER -> Integer.class;
			case BIGINT -> Long.class;
			case DOUBLE -> Double.class;
			case NUMERIC -> BigDecimal.class;
			case BOOLEAN -> Boolean.class;
			case TIMESTAMP -> OffsetDateTime.class;
			case JSONB -> Json.class;
		};
	}

	/**
	 * Count the rows of every declared table.
	 * @return the row count by table name, in declaration order
	 */
	public Mono<Map<String, Long>> rowCounts() {
		return Flux.fromIterable(this.tables.values())
			.concatMap((table) -> query("SELECT count(*) FROM " + quote(table.name()), List.of(),
					(r) -> r.get(0, Long.class))
				.next()
				.map((count) -> Map.entry(table.name(), count)))
			.collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()));
	}

	/**
	 * Read rows of a declared table: by its time column from an instant on when it has
	 * one, else in the order of its primary key.
	 * @param table the table
	 * @param since only rows at or after this instant (time column), or {@code null}
	 * @param limit the most rows returned
	 * @return the rows, each a map of column name to a JSON-friendly value
	 */
	public Mono<List<Map<String, @Nullable Object>>> rows(TableDefinition table, @Nullable Instant since, int limit) {
		StringBuilder sql = new StringBuilder(
				"SELECT " + table.columns().stream().map((c) -> quote(c.name())).collect(Collectors.joining(", "))
						+ " FROM " + quote(table.name()));
		List<Object> parameters = new ArrayList<>();
		String timeColumn = table.timeColumn();
		if (timeColumn != null) {
			if (since != null) {
				parameters.add(since.atOffset(ZoneOffset.UTC));
				sql.append(" WHERE ").append(quote(timeColumn)).append(" >= $1");
			}
			sql.append(" ORDER BY ").append(quote(timeColumn));
		}
		else if (!table.primaryKey().isEmpty()) {
			sql.append(" ORDER BY ")
				.append(table.primaryKey().stream().map(DatabaseTables::quote).collect(Collectors.joining(", ")));
		}
		parameters.add(limit);
		sql.append(" LIMIT $").append(parameters.size());
		return query(sql.toString(), parameters, (row) -> readRow(table, row)).collectList();
	}

	private Map<String, @Nullable Object> readRow(TableDefinition table, Readable row) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		for (int i = 0; i < table.columns().size(); i++) {
			TableDefinition.Column column = table.columns().get(i);
			Object value = switch (column.type()) {
				case TIMESTAMP -> {
					OffsetDateTime time = row.get(i, OffsetDateTime.class);
					yield (time != null) ? time.toInstant().toString() : null;
				}
				case JSONB -> {
					Json json = row.get(i, Json.class);
					yield (json != null) ? this.jsonMapper.readTree(json.asString()) : null;
				}
				default -> row.get(i, javaType(column.type()));
			};
			values.put(column.name(), value);
		}
		return values;
	}

	/**
	 * Delete the rows older than their table's retention. Blocks.
	 * @param now the current instant
	 * @return the number of rows deleted
	 */
	public long applyRetention(Instant now) {
		long deleted = 0;
		for (TableDefinition table : this.tables.values()) {
			if (table.retention() != null && table.timeColumn() != null) {
				OffsetDateTime bound = now.minus(table.retention()).atOffset(ZoneOffset.UTC);
				String sql = "DELETE FROM " + quote(table.name()) + " WHERE " + quote(table.timeColumn()) + " < $1";
				Long count = block(Mono.usingWhen(this.connectionFactory.create(),
						(connection) -> Flux.from(connection.createStatement(sql).bind(0, bound).execute())
							.flatMap((result) -> result.getRowsUpdated())
							.reduce(0L, Long::sum),
						Connection::close));
				deleted += (count != null) ? count : 0;
			}
		}
		return deleted;
	}

	private <T> Flux<T> query(String sql, List<Object> parameters, java.util.function.Function<Readable, T> mapper) {
		return Flux.usingWhen(this.connectionFactory.create(), (connection) -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < parameters.size(); i++) {
				statement.bind(i, parameters.get(i));
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.map(mapper::apply));
		}, Connection::close);
	}

	private <T> T block(Mono<T> mono) {
		return mono.block(this.timeout);
	}

}
