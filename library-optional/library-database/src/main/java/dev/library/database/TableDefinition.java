package dev.library.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A table declared in configuration ({@code library.database.tables[]}). Names are
 * checked strictly on creation, so that they can be written into SQL: lowercase letters,
 * digits and underscores, starting with a letter, at most 63 characters; table names may
 * not start with {@code library_} (the platform's own tables).
 *
 * @param name the table name
 * @param columns the columns, in order
 * @param primaryKey the primary key columns, possibly none
 * @param indexes the indexes, each a list of columns
 * @param timeColumn the timestamp column that rows are paged and retained by, or
 * {@code null}
 * @param retention how long rows are kept by the time column, or {@code null} for ever
 * @author Library
 */
public record TableDefinition(String name, List<Column> columns, List<String> primaryKey, List<List<String>> indexes,
		@Nullable String timeColumn, @Nullable Duration retention) {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	public TableDefinition {
		columns = List.copyOf(columns);
		primaryKey = List.copyOf(primaryKey);
		indexes = indexes.stream().map(List::copyOf).toList();
		List<String> problems = new ArrayList<>();
		checkIdentifier("table name", name, problems);
		if (name.startsWith("library_")) {
			problems.add("table name '" + name + "' must not start with 'library_' (the platform's own tables)");
		}
		Set<String> names = new HashSet<>();
		for (Column column : columns) {
			checkIdentifier("column name", column.name(), problems);
			if (!names.add(column.name())) {
				problems.add("column '" + column.name() + "' is declared twice");
			}
		}
		if (columns.isEmpty()) {
			problems.add("no columns are declared");
		}
		for (String key : primaryKey) {
			checkColumn("primary key", key, names, problems);
		}
		for (List<String> index : indexes) {
			if (index.isEmpty()) {
				problems.add("an index names no column");
			}
			index.forEach((column) -> checkColumn("index", column, names, problems));
		}
		if (timeColumn != null) {
			checkColumn("time-column", timeColumn, names, problems);
			columns.stream()
				.filter((column) -> column.name().equals(timeColumn) && column.type() != ColumnType.TIMESTAMP)
				.forEach((column) -> problems.add("time-column '" + timeColumn + "' must be of type timestamp"));
		}
		if (retention != null && (timeColumn == null || !retention.isPositive())) {
			problems.add("retention needs a time-column and a positive duration");
		}
		if (!problems.isEmpty()) {
			throw new InvalidTableDefinitionException(name, problems);
		}
	}

	/**
	 * Return a column by name.
	 * @param name the column name
	 * @return the column, or {@code null}
	 */
	public @Nullable Column column(String name) {
		return this.columns.stream().filter((column) -> column.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * Whether a text is a valid table or column name.
	 * @param text the text
	 * @return whether it is an identifier this component accepts
	 */
	public static boolean isIdentifier(@Nullable String text) {
		return text != null && IDENTIFIER.matcher(text).matches();
	}

	private static void checkIdentifier(String what, String identifier, List<String> problems) {
		if (!isIdentifier(identifier)) {
			problems.add(what + " '" + identifier + "' must be lowercase letters, digits and underscores, "
					+ "starting with a letter, at most 63 characters");
		}
	}

	private static void checkColumn(String what, String column, Set<String> names, List<String> problems) {
		if (!names.contains(column)) {
			problems.add(what + " names column '" + column + "', which is not declared");
		}
	}

	/**
	 * A column.
	 *
	 * @param name the column name
	 * @param type the type
	 * @param nullable whether it accepts null
	 */
	public record Column(String name, ColumnType type, boolean nullable) {

	}

}
