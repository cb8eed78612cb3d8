package dev.library.adapters;

/**
 * Connection status of an adapter instance.
 *
 * @author Library
 */
public enum AdapterStatus {

	/**
	 * Connected, and its last reads succeeded.
	 */
	CONNECTED,

	/**
	 * Connected, but some reads or writes fail.
	 */
	DEGRADED,

	/**
	 * Not connected: connecting, or waiting to reconnect.
	 */
	DOWN,

	/**
	 * Disabled in the configuration: never connected.
	 */
	DISABLED

}
