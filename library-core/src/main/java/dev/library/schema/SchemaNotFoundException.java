package dev.library.schema;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No schema of the given name is registered. Rendered as a 404 problem of type
 * {@value #TYPE_KIND} under {@link ProblemTypes#BASE}, naming the schema in its
 * {@code schema} property.
 *
 * @author Library
 */
public class SchemaNotFoundException extends ProblemException {

	static final String TYPE_KIND = "schema-not-found";

	/**
	 * Problem type of this exception.
	 */
	public static final URI TYPE = ProblemTypes.of(TYPE_KIND);

	private static final int MAX_NAME_LENGTH = 100;

	public SchemaNotFoundException(String name) {
		super(HttpStatus.NOT_FOUND, TYPE, "Schema not found",
				"No schema named '" + abbreviate(name) + "' is registered; GET /schemas lists them");
		getBody().setProperty("schema", abbreviate(name));
	}

	private static String abbreviate(String name) {
		return (name.length() <= MAX_NAME_LENGTH) ? name : name.substring(0, MAX_NAME_LENGTH) + "...";
	}

}
