package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * No live secret has the name.
 *
 * @author Library
 */
public class SecretNotFoundException extends ProblemException {

	public SecretNotFoundException(String name) {
		super(HttpStatus.NOT_FOUND, ProblemTypes.of("secret-not-found"), "Secret not found",
				"No secret is named '" + name + "'");
	}

}
