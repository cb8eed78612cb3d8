package dev.library.mtls;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * Client certificates cannot be required now; the detail says why. Answered with 409.
 *
 * @author Library
 */
public class EnforcementRefusedException extends ProblemException {

	public EnforcementRefusedException(String detail) {
		super(HttpStatus.CONFLICT, ProblemTypes.of("mtls-enforcement-refused"), "Client certificates not required",
				detail);
	}

}
