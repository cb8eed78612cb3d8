package dev.library.adapters.spi;

import java.time.Duration;

/**
 * Capability of an {@link Adapter} whose device has a watchdog of its own: once armed,
 * the device drives its outputs to their safe state by itself when it has not been fed
 * for the timeout, even if the platform died (as Modbus I/O modules and PLC output cards
 * do).
 *
 * @author Library
 */
public interface Watchdog {

	/**
	 * Arm the device's watchdog. Called after every successful {@link Adapter#connect()}.
	 * @param timeout how long the device waits for {@link #feed()} before it goes safe
	 * @throws AdapterException if the watchdog cannot be armed
	 */
	void arm(Duration timeout) throws AdapterException;

	/**
	 * Tell the device the platform is alive. Called at a third of the timeout.
	 * @throws AdapterException if the device could not be reached
	 */
	void feed() throws AdapterException;

}
