package dev.library.database;

import java.util.List;

/**
 * A table declared in configuration is not valid, or cannot be reached from what the
 * database holds without losing data. Stops start-up; the message lists every problem.
 *
 * @author Library
 */
public class InvalidTableDefinitionException extends RuntimeException {

	private final String table;

	private final List<String> problems;

	public InvalidTableDefinitionException(String table, List<String> problems) {
		super("Table '" + table + "' (library.database.tables): " + String.join("; ", problems));
		this.table = table;
		this.problems = List.copyOf(problems);
	}

	public String getTable() {
		return this.table;
	}

	public List<String> getProblems() {
		return this.problems;
	}

}
