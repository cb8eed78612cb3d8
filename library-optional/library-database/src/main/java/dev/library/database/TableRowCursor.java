package dev.library.database;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import dev.library.core.web.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The opaque cursor of a page of a declared table's rows: the table's name and the values
 * of the page's last row in the columns the rows are ordered by (its time column, then
 * its primary key, or the row's physical position, {@code ctid}, when it has none), as
 * text, base64url-encoded. Decoding checks that each value parses as its column's type,
 * so that a cursor altered by a client is refused with a 400 rather than failing in
 * PostgreSQL.
 *
 * @author Library
 */
final class TableRowCursor {

	private static final String PARAMETER = "cursor";

	private static final Pattern CTID = Pattern.compile("\\(\\d{1,10},\\d{1,5}\\)");

	private TableRowCursor() {
	}

	/**
	 * Return the cursor after a row.
	 * @param jsonMapper writes the cursor
	 * @param table the table's name
	 * @param values the row's values in the ordering columns, as text ({@code null} for
	 * SQL {@code NULL})
	 * @return the cursor
	 */
	static String encode(JsonMapper jsonMapper, String table, List<@Nullable String> values) {
		ObjectNode cursor = jsonMapper.createObjectNode();
		cursor.put("t", table);
		ArrayNode after = cursor.putArray("a");
		for (String value : values) {
			if (value != null) {
				after.add(value);
			}
			else {
				after.addNull();
			}
		}
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(jsonMapper.writeValueAsString(cursor).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the values a cursor holds, checked against the ordering columns.
	 * @param jsonMapper reads the cursor
	 * @param table the table's name
	 * @param types the types of the ordering columns, {@code null} for {@code ctid}
	 * @param cursor the cursor
	 * @return the values as text, {@code null} for SQL {@code NULL}
	 * @throws InvalidParameterException if the cursor is not one of this table's
	 */
	static List<@Nullable String> decode(JsonMapper jsonMapper, String table, List<@Nullable ColumnType> types,
			String cursor) {
		JsonNode node;
		try {
			node = jsonMapper.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw invalid(table);
		}
		if (node == null || !node.isObject() || !table.equals(node.path("t").asString(null))
				|| !node.path("a").isArray() || node.path("a").size() != types.size()) {
			throw invalid(table);
		}
		List<@Nullable String> values = new ArrayList<>(types.size());
		for (int i = 0; i < types.size(); i++) {
			JsonNode value = node.path("a").get(i);
			if (value.isNull()) {
				values.add(null);
			}
			else if (value.isString() && parses(types.get(i), value.asString())) {
				values.add(value.asString());
			}
			else {
				throw invalid(table);
			}
		}
		return values;
	}

	private static boolean parses(@Nullable ColumnType type, String value) {
		if (type == null) {
			return CTID.matcher(value).matches();
		}
		try {
			switch (type) {
				case INTEGER -> Integer.parseInt(value);
				case BIGINT -> Long.parseLong(value);
				case DOUBLE -> Double.parseDouble(value);
				case NUMERIC -> new BigDecimal(value);
				case BOOLEAN -> {
					if (!value.equals("true") && !value.equals("false")) {
						return false;
					}
				}
				case TIMESTAMP -> Instant.parse(value);
				case JSONB -> {
					return false;
				}
				case TEXT -> {
				}
			}
			return true;
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			return false;
		}
	}

	private static InvalidParameterException invalid(String table) {
		return new InvalidParameterException(PARAMETER, "Query parameter 'cursor' is not a cursor returned for table '"
				+ table + "'; omit it for the first page");
	}

}
