package dev.library.canbus;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Where frames come from and go to: a candump log replayed, an SLCAN serial adapter, a
 * SocketCAN interface. Blocking; one thread receives, and sends may come from another.
 *
 * @author Library
 */
public interface CanTransport extends AutoCloseable {

	/**
	 * Return the interface name, as candump would show it ({@code can0}).
	 * @return the interface name
	 */
	String interfaceName();

	/**
	 * Open the transport.
	 * @throws IOException if it cannot be opened
	 */
	void open() throws IOException;

	/**
	 * Wait for the next frame.
	 * @return the next frame, or {@code null} when the transport has no more frames (the
	 * end of a log) or was closed
	 * @throws IOException if reading fails
	 */
	@Nullable ReceivedFrame receive() throws IOException;

	/**
	 * Send a frame.
	 * @param frame the frame
	 * @throws IOException if it was not sent
	 */
	void send(CanFrame frame) throws IOException;

	/**
	 * Return the bus time now, in nanoseconds on the clock of
	 * {@link ReceivedFrame#busTimeNanos()}: the wall clock for a live bus, the recorded
	 * time for a replay.
	 * @return the bus time
	 */
	long busTimeNanos();

	/**
	 * Return what the operating system tells of the interface (bitrate, controller state,
	 * error counters). May block for a moment; never called on an event loop.
	 * @return the details, or {@code null} if the transport has none
	 */
	default @Nullable CanLinkDetails linkDetails() {
		return null;
	}

	/**
	 * Try to bring a bus-off controller back on the bus.
	 * @return whether a restart was requested
	 * @throws IOException if the request failed
	 */
	default boolean restart() throws IOException {
		return false;
	}

	/**
	 * Close the transport; a thread blocked in {@link #receive()} returns. Never throws.
	 */
	@Override
	void close();

	/**
	 * A frame and when the bus carried it.
	 *
	 * @param frame the frame
	 * @param busTimeNanos when, on the transport's bus clock
	 */
	record ReceivedFrame(CanFrame frame, long busTimeNanos) {

	}

}
