package dev.library.adapters.spi;

/**
 * The connection of one adapter instance to its bus or devices.
 * <p>
 * <b>Threads.</b> The platform calls every method of one adapter from one thread at a
 * time (a dedicated thread per instance), never from a Netty or Reactor thread: methods
 * may block, but should honour the timeouts of their protocol.
 * <p>
 * <b>Values.</b> Raw values are {@link Boolean}, {@link Long}, {@link Double} or
 * {@link String}, after the point's {@link DataType}; the platform applies scaling and
 * limits.
 * <p>
 * <b>Errors.</b> I/O failures are {@link AdapterException}s; after one, the platform asks
 * {@link #isConnected()} and, if the connection is gone, closes the adapter and connects
 * it again with back-off. Optional capabilities are mix-in interfaces:
 * {@link ReadingSource} (event-driven points), {@link Watchdog} (a device-side watchdog).
 *
 * @author Library
 */
public interface Adapter extends AutoCloseable {

	/**
	 * Open the connection. Called once after creation and again after every
	 * {@link #close()} that followed a lost connection.
	 * @throws AdapterException if the connection cannot be opened
	 */
	void connect() throws AdapterException;

	/**
	 * Return whether the connection is open as far as the adapter knows.
	 * @return whether it is connected
	 */
	boolean isConnected();

	/**
	 * Read the current raw value of a point.
	 * @param point the point
	 * @return the value, of the Java type of the point's data type
	 * @throws AdapterException if the point cannot be read
	 */
	Object read(PointConfig point) throws AdapterException;

	/**
	 * Write a raw value to an output point, returning once the device acknowledged the
	 * write. The platform then reads the point back to confirm it.
	 * @param point the point, whose access is {@link Access#READ_WRITE}
	 * @param value the value, of the Java type of the point's data type
	 * @throws AdapterException if the write failed or was not acknowledged
	 */
	void write(PointConfig point, Object value) throws AdapterException;

	/**
	 * Close the connection and release its resources. Never throws. The platform also
	 * creates adapters only to check a configuration (on a reload) and closes them
	 * without connecting: closing an adapter that never connected must leave the device
	 * alone.
	 */
	@Override
	void close();

}
