package dev.library.schema;

import java.util.List;

import org.springframework.util.Assert;

/**
 * Outcome of validating a JSON document against a registered schema.
 *
 * @param schema the name of the schema
 * @param violations every violation found, empty when the document is valid
 * @author Library
 */
public record SchemaValidationResult(String schema, List<Violation> violations) {

	public SchemaValidationResult {
		Assert.notNull(schema, "'schema' must not be null");
		violations = List.copyOf(violations);
	}

	/**
	 * Whether the document matches the schema.
	 * @return whether there is no violation
	 */
	public boolean valid() {
		return this.violations.isEmpty();
	}

	/**
	 * One way in which a document does not match a schema.
	 *
	 * @param pointer RFC 6901 JSON pointer to the offending value in the document, such
	 * as {@code /tanks/0/level}; the empty string is the whole document
	 * @param keyword the schema keyword that failed, such as {@code required} or
	 * {@code maximum}
	 * @param message what is wrong, for people
	 */
	public record Violation(String pointer, String keyword, String message) {

	}

}
