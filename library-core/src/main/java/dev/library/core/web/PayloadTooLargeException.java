package dev.library.core.web;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * A request body is larger than {@code library.api.max-body-size}.
 *
 * @author Library
 */
public class PayloadTooLargeException extends ProblemException {

	public PayloadTooLargeException(DataSize limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
				"Request body exceeds the limit of " + limit.toBytes() + " bytes");
	}

}
