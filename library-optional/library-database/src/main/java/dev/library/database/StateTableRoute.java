package dev.library.database;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.state.StateChange;
import io.r2dbc.postgresql.codec.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A route of state changes into a declared table ({@code library.database.routes[]}): the
 * keys it takes, as a dotted pattern in which {@code *} stands for one whole segment, and
 * where each column's value comes from. Only puts are routed.
 *
 * @author Library
 */
public final class StateTableRoute {

	private final String[] pattern;

	private final TableDefinition table;

	private final Map<String, String> columns;

	/**
	 * Create a route.
	 * @param keyPattern the keys routed, such as {@code plant.*.temperature}
	 * @param table the table
	 * @param columns the source of each column: {@code time}, {@code key}, {@code value},
	 * {@code version}, {@code source}, {@code quality}, {@code sequence} or
	 * {@code segment:N}
	 * @throws InvalidTableDefinitionException if a column or a source is not valid
	 */
	public StateTableRoute(String keyPattern, TableDefinition table, Map<String, String> columns) {
		this.pattern = keyPattern.split("\\.", -1);
		this.table = table;
		this.columns = new LinkedHashMap<>(columns);
		List<String> problems = new ArrayList<>();
		for (String segment : this.pattern) {
			if (segment.isEmpty()) {
				problems.add("route key-pattern '" + keyPattern + "' has an empty segment");
			}
		}
		if (columns.isEmpty()) {
			problems.add("route for '" + keyPattern + "' maps no column");
		}
		columns.forEach((column, source) -> {
			if (table.column(column) == null) {
				problems.add("route for '" + keyPattern + "' maps column '" + column + "', which is not declared");
			}
			if (!isSource(source, this.pattern.length)) {
				problems.add("route for '" + keyPattern + "' takes column '" + column + "' from '" + source
						+ "'; expected time, key, value, version, source, quality, sequence or segment:N (N from 0 to "
						+ (this.pattern.length - 1) + ")");
			}
		});
		if (!problems.isEmpty()) {
			throw new InvalidTableDefinitionException(table.name(), problems);
		}
	}

	private static boolean isSource(String source, int segments) {
		if (List.of("time", "key", "value", "version", "source", "quality", "sequence").contains(source)) {
			return true;
		}
		if (source.startsWith("segment:")) {
			try {
				int index = Integer.parseInt(source.substring("segment:".length()));
				return index >= 0 && index < segments;
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}
		return false;
	}

	public TableDefinition table() {
		return this.table;
	}

	/**
	 * Whether a key matches this route's pattern.
	 * @param key the key
	 * @return whether changes of the key are routed
	 */
	public boolean matches(String key) {
		String[] segments = key.split("\\.", -1);
		if (segments.length != this.pattern.length) {
			return false;
		}
		for (int i = 0; i < segments.length; i++) {
			if (!"*".equals(this.pattern[i]) && !this.pattern[i].equals(segments[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the row a change becomes: a value per declared column, {@code null} where
	 * the route maps nothing or the value does not fit the column's type.
	 * @param change the change, a put of a matching key
	 * @param jsonMapper writes JSON values
	 * @return the row
	 */
	public Map<String, @Nullable Object> row(StateChange change, JsonMapper jsonMapper) {
		Map<String, @Nullable Object> row = new LinkedHashMap<>();
		String[] segments = change.key().split("\\.", -1);
		for (TableDefinition.Column column : this.table.columns()) {
			String source = this.columns.get(column.name());
			Object raw = (source != null) ? raw(source, change, segments) : null;
			row.put(column.name(), (raw != null) ? convert(raw, column.type(), jsonMapper) : null);
		}
		return row;
	}

	private static @Nullable Object raw(String source, StateChange change, String[] segments) {
		return switch (source) {
			case "time" -> change.timestamp();
			case "key" -> change.key();
			case "value" -> change.value();
			case "version" -> change.version();
			case "source" -> change.source();
			case "quality" -> (change.quality() != null) ? change.quality().name() : null;
			case "sequence" -> change.sequence();
			default -> segments[Integer.parseInt(source.substring("segment:".length()))];
		};
	}

	static @Nullable Object convert(Object raw, ColumnType type, JsonMapper jsonMapper) {
		if (raw instanceof java.time.Instant instant) {
			return switch (type) {
				case TIMESTAMP -> instant.atOffset(ZoneOffset.UTC);
				case TEXT -> instant.toString();
				default -> null;
			};
		}
		if (raw instanceof JsonNode node) {
			if (type == ColumnType.JSONB) {
				return Json.of(jsonMapper.writeValueAsString(node));
			}
			if (node.isNumber()) {
				return convertNumber(node.decimalValue(), type);
			}
			if (node.isBoolean()) {
				return switch (type) {
					case BOOLEAN -> node.asBoolean();
					case TEXT -> node.asString();
					default -> null;
				};
			}
			if (node.isString()) {
				return convertText(node.asString(), type);
			}
			return (type == ColumnType.TEXT) ? jsonMapper.writeValueAsString(node) : null;
		}
		if (raw instanceof Long number) {
			return convertNumber(BigDecimal.valueOf(number), type);
		}
		return convertText(raw.toString(), type);
	}

	private static @Nullable Object convertNumber(BigDecimal number, ColumnType type) {
		try {
			return switch (type) {
				case INTEGER -> number.intValueExact();
				case BIGINT -> number.longValueExact();
				case DOUBLE -> number.doubleValue();
				case NUMERIC -> number;
				case TEXT -> number.toPlainString();
				case JSONB -> Json.of(number.toString());
				default -> null;
			};
		}
		catch (ArithmeticException ex) {
			return null;
		}
	}

	private static @Nullable Object convertText(String text, ColumnType type) {
		return switch (type) {
			case TEXT -> text;
			case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
			case TIMESTAMP, JSONB -> null;
			default -> {
				try {
					yield convertNumber(new BigDecimal(text), type);
				}
				catch (NumberFormatException ex) {
					yield null;
				}
			}
		};
	}

}
