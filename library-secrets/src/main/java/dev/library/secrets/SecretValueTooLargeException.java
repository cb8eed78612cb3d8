package dev.library.secrets;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * A secret value is larger than {@code library.secrets.max-value-size}.
 *
 * @author Library
 */
public class SecretValueTooLargeException extends ProblemException {

	public SecretValueTooLargeException(DataSize limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Secret value too large",
				"A secret value is at most " + limit.toBytes() + " bytes");
	}

}
