package dev.library.vault;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A check-and-set write to Vault found another version than the one read just before:
 * someone changed the secret meanwhile. Read it again and retry.
 *
 * @author Library
 */
public class VaultVersionConflictException extends ProblemException {

	public VaultVersionConflictException() {
		super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Secret changed meanwhile",
				"The secret was changed in Vault between the read and the write (check-and-set); try again");
	}

}
