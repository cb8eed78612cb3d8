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
	 * Read a page of a declared table's rows, in the order of its time column then its
	 * primary key (or only its primary key when it has no time column). A table without a
	 * primary key (or with a {@code jsonb} one) is ordered by the rows' physical position
	 * ({@code ctid}) after its time column: stable while rows are only inserted and
	 * deleted, as routes and retention do.
	 * @param table the table
	 * @param since only rows at or after this instant (time column), or {@code null}
	 * @param cursor the {@link RowPage#nextCursor()} of the previous page, or
	 * {@code null} for the first page
	 * @param limit the most rows returned
	 * @return the page
	 * @throws dev.library.core.web.InvalidParameterException if the cursor is not one of
	 * this table's
	 */
	public Mono<RowPage> rows(TableDefinition table, @Nullable Instant since, @Nullable String cursor, int limit) {
		List<OrderColumn> order = orderColumns(table);
		List<@Nullable ColumnType> types = order.stream().map(OrderColumn::type).toList();
		List<@Nullable String> after = (cursor != null)
				? TableRowCursor.decode(this.jsonMapper, table.name(), types, cursor) : null;
		boolean physical = order.get(order.size() - 1).type() == null;
		StringBuilder sql = new StringBuilder(
				"SELECT " + table.columns().stream().map((c) -> quote(c.name())).collect(Collectors.joining(", ")));
		if (physical) {
			sql.append(", ctid::text");
		}
		sql.append(" FROM ").append(quote(table.name()));
		List<Object> parameters = new ArrayList<>();
		List<String> conditions = new ArrayList<>();
		String timeColumn = table.timeColumn();
		if (timeColumn != null && since != null) {
			parameters.add(since.atOffset(ZoneOffset.UTC));
			conditions.add(quote(timeColumn) + " >= $" + parameters.size());
		}
		if (after != null) {
			conditions.add(afterCondition(order, timeColumn != null, after, parameters));
		}
		if (!conditions.isEmpty()) {
			sql.append(" WHERE ").append(String.join(" AND ", conditions));
		}
		sql.append(" ORDER BY ").append(order.stream().map(OrderColumn::sql).collect(Collectors.joining(", ")));
		parameters.add(limit + 1);
		sql.append(" LIMIT $").append(parameters.size());
		int columns = table.columns().size();
		return query(sql.toString(), parameters, (row) -> {
			Map<String, @Nullable Object> values = readRow(table, row);
			List<@Nullable String> position = new ArrayList<>(order.size());
			for (OrderColumn column : order) {
				position.add((column.type() != null) ? cursorValue(values.get(column.name()))
						: row.get(columns, String.class));
			}
			return new PositionedRow(values, position);
		}).collectList().map((rows) -> {
			boolean more = rows.size() > limit;
			List<PositionedRow> page = more ? rows.subList(0, limit) : rows;
			String next = more
					? TableRowCursor.encode(this.jsonMapper, table.name(), page.get(page.size() - 1).position()) : null;
			return new RowPage(page.stream().map(PositionedRow::values).toList(), next);
		});
	}

	private static List<OrderColumn> orderColumns(TableDefinition table) {
		List<OrderColumn> order = new ArrayList<>();
		if (table.timeColumn() != null) {
			order.add(new OrderColumn(table.timeColumn(), ColumnType.TIMESTAMP));
		}
		List<OrderColumn> key = new ArrayList<>();
		for (String name : table.primaryKey()) {
			if (name.equals(table.timeColumn())) {
				continue;
			}
			ColumnType type = table.columns()
				.stream()
				.filter((column) -> column.name().equals(name))
				.findFirst()
				.map(TableDefinition.Column::type)
				.orElse(ColumnType.JSONB);
			key.add(new OrderColumn(name, type));
		}
		if ((key.isEmpty() && table.primaryKey().isEmpty())
				|| key.stream().anyMatch((column) -> column.type() == ColumnType.JSONB)) {
			order.add(new OrderColumn("ctid", null));
		}
		else {
			order.addAll(key);
		}
		return order;
	}

	/**
	 * The rows after a cursor's position in the order of the columns (ascending, NULL
	 * last; only the time column can be NULL).
	 */
	private static String afterCondition(List<OrderColumn> order, boolean timeFirst, List<@Nullable String> after,
			List<Object> parameters) {
		int first = timeFirst ? 1 : 0;
		if (first == order.size()) {
			// ordered by the time column alone (it is the whole primary key)
			return afterTime(order.get(0).sql(), after.get(0), null, parameters);
		}
		StringBuilder rest = new StringBuilder("(");
		StringBuilder restValues = new StringBuilder("(");
		for (int i = first; i < order.size(); i++) {
			if (i > first) {
				rest.append(", ");
				restValues.append(", ");
			}
			rest.append(order.get(i).sql());
			parameters.add(after.get(i));
			restValues.append("$").append(parameters.size()).append("::").append(order.get(i).castType());
		}
		String tail = rest + ") > " + restValues + ")";
		return (first == 0) ? tail : afterTime(order.get(0).sql(), after.get(0), tail, parameters);
	}

	private static String afterTime(String time, @Nullable String after, @Nullable String tail,
			List<Object> parameters) {
		if (after == null) {
			return (tail != null) ? "(" + time + " IS NULL AND " + tail + ")" : "FALSE";
		}
		parameters.add(after);
		String value = "$" + parameters.size() + "::timestamptz";
		String equal = (tail != null) ? " OR (" + time + " = " + value + " AND " + tail + ")" : "";
		return "(" + time + " > " + value + " OR " + time + " IS NULL" + equal + ")";
	}

	private static @Nullable String cursorValue(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
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

	/**
	 * A page of a declared table's rows.
	 *
	 * @param rows the rows, each a map of column name to a JSON-friendly value
	 * @param nextCursor the cursor of the next page, {@code null} on the last page
	 */
	public record RowPage(List<Map<String, @Nullable Object>> rows, @Nullable String nextCursor) {

	}

	private record PositionedRow(Map<String, @Nullable Object> values, List<@Nullable String> position) {

	}

	/**
	 * A column the rows are ordered by; {@code type} is {@code null} for {@code ctid}.
	 */
	private record OrderColumn(String name, @Nullable ColumnType type) {

		String sql() {
			return (this.type != null) ? quote(this.name) : "ctid";
		}

		String castType() {
			return (this.type != null) ? ((this.type == ColumnType.TIMESTAMP) ? "timestamptz" : this.type.sqlName())
					: "tid";
		}

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
