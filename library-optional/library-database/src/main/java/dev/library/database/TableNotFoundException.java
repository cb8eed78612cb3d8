package dev.library.database;

import java.net.URI;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No table is declared under a name. Rendered as a 404 problem of type
 * {@code https://library.dev/problems/table-not-found}.
 *
 * @author Library
 */
public class TableNotFoundException extends ProblemException {

	/**
	 * Problem type of an unknown table.
	 */
	public static final URI TYPE = ProblemTypes.of("table-not-found");

	public TableNotFoundException(String table) {
		super(HttpStatus.NOT_FOUND, TYPE, "Table not found",
				"No table is declared under that name in library.database.tables");
		getBody().setProperty("table", (table.length() <= 64) ? table : table.substring(0, 64) + "...");
	}

}
