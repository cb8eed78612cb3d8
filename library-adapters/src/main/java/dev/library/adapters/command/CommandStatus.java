package dev.library.adapters.command;

/**
 * Status of a command.
 *
 * @author Library
 */
public enum CommandStatus {

	/**
	 * Accepted and waiting for the adapter.
	 */
	PENDING,

	/**
	 * The adapter wrote the value and reading it back gave the value written.
	 */
	CONFIRMED,

	/**
	 * The write failed, or reading it back gave another value.
	 */
	FAILED,

	/**
	 * The adapter did not confirm within {@code library.adapters.command-timeout}; a
	 * command still queued then is never written.
	 */
	TIMED_OUT,

	/**
	 * Refused before it reached the adapter: an interlock is violated or the instance is
	 * disabled.
	 */
	REJECTED;

	/**
	 * Return whether the status is final.
	 * @return whether the command is done
	 */
	public boolean isFinal() {
		return this != PENDING;
	}

}
