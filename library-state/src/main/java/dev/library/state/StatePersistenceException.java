package dev.library.state;

/**
 * A {@link StatePersistence} could not open, read or write its storage.
 *
 * @author Library
 */
public class StatePersistenceException extends RuntimeException {

	public StatePersistenceException(String message, Throwable cause) {
		super(message, cause);
	}

	public StatePersistenceException(String message) {
		super(message);
	}

}
