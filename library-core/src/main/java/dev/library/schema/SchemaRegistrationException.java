package dev.library.schema;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A schema could not be registered: its name is invalid or taken, it is not JSON, or it
 * is not a valid schema. The message names the schema and its source. Thrown at start-up
 * for schemas from the classpath or configuration, which stops the application.
 *
 * @author Library
 */
public class SchemaRegistrationException extends RuntimeException {

	private final String schemaName;

	private final String source;

	private final List<String> problems;

	/**
	 * Create a new instance.
	 * @param schemaName the name of the schema
	 * @param source where the schema comes from
	 * @param reason why it cannot be registered, completing "Schema 'x' from y cannot be
	 * registered: "
	 */
	public SchemaRegistrationException(String schemaName, String source, String reason) {
		this(schemaName, source, reason, List.of(), null);
	}

	/**
	 * Create a new instance.
	 * @param schemaName the name of the schema
	 * @param source where the schema comes from
	 * @param reason why it cannot be registered
	 * @param cause the cause
	 */
	public SchemaRegistrationException(String schemaName, String source, String reason, @Nullable Throwable cause) {
		this(schemaName, source, reason, List.of(), cause);
	}

	/**
	 * Create a new instance.
	 * @param schemaName the name of the schema
	 * @param source where the schema comes from
	 * @param reason why it cannot be registered
	 * @param problems each thing wrong with the schema document, such as
	 * {@code /properties/level/type: ...}
	 * @param cause the cause
	 */
	public SchemaRegistrationException(String schemaName, String source, String reason, List<String> problems,
			@Nullable Throwable cause) {
		super(message(schemaName, source, reason, problems), cause);
		this.schemaName = schemaName;
		this.source = source;
		this.problems = List.copyOf(problems);
	}

	private static String message(String schemaName, String source, String reason, List<String> problems) {
		StringBuilder message = new StringBuilder("Schema '").append(schemaName)
			.append("' from ")
			.append(source)
			.append(" cannot be registered: ")
			.append(reason);
		problems.forEach((problem) -> message.append(System.lineSeparator()).append("  - ").append(problem));
		return message.toString();
	}

	/**
	 * Return the name of the schema that could not be registered.
	 * @return the name
	 */
	public String getSchemaName() {
		return this.schemaName;
	}

	/**
	 * Return where the schema comes from.
	 * @return the source
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Return each thing wrong with the schema document, if it was checked against its
	 * metaschema.
	 * @return the problems, possibly empty
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
