package dev.library.schema;

import java.util.List;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A JSON document does not match the schema it must match. Rendered as a 400 problem of
 * type {@link ProblemTypes#VALIDATION_FAILED} with the schema name in its {@code schema}
 * property and every violation ({@code pointer}, {@code keyword}, {@code message}) in its
 * {@code violations} property.
 *
 * @author Library
 */
public class SchemaValidationException extends ProblemException {

	private final SchemaValidationResult result;

	/**
	 * Create a new instance with a detail naming the schema and the number of violations.
	 * @param result the failed validation
	 */
	public SchemaValidationException(SchemaValidationResult result) {
		this(result, "Document does not match schema '" + result.schema() + "': " + count(result.violations()));
	}

	/**
	 * Create a new instance with the given detail, for callers that know better what the
	 * document was (such as "Value of key 'plant.tank.3' does not match ...").
	 * @param result the failed validation
	 * @param detail the detail
	 */
	public SchemaValidationException(SchemaValidationResult result, String detail) {
		super(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed", detail);
		this.result = result;
		getBody().setProperty("schema", result.schema());
		getBody().setProperty("violations", result.violations());
	}

	/**
	 * Return the failed validation.
	 * @return the result
	 */
	public SchemaValidationResult getResult() {
		return this.result;
	}

	private static String count(List<?> violations) {
		return violations.size() + ((violations.size() == 1) ? " violation" : " violations");
	}

}
