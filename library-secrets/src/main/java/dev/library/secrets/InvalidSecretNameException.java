package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A secret name breaks {@link SecretNames#PATTERN}. The detail does not repeat the name:
 * a value pasted into the path by mistake must not come back in the response.
 *
 * @author Library
 */
public class InvalidSecretNameException extends ProblemException {

	public InvalidSecretNameException() {
		super(HttpStatus.BAD_REQUEST, ProblemTypes.of("invalid-secret-name"), "Invalid secret name",
				"A secret name is 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit; 'audit' is reserved");
	}

}
