package dev.library.canbus;

/**
 * The fault confinement state of a CAN controller (ISO 11898-1), as error frames and the
 * kernel report it.
 *
 * @author Library
 */
public enum ControllerState {

	/** Error counters below 96: the controller takes part normally. */
	ERROR_ACTIVE,

	/** An error counter reached 96. */
	ERROR_WARNING,

	/** An error counter reached 128: the controller only sends passive error flags. */
	ERROR_PASSIVE,

	/** The transmit error counter passed 255: the controller is off the bus. */
	BUS_OFF,

	/** The interface is stopped (down). */
	STOPPED,

	/** Not known: no error frame or kernel report yet. */
	UNKNOWN

}
