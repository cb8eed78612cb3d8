package dev.library.canbus.socketcan;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.library.canbus.CanFrame;
import dev.library.canbus.CanTransport;
import org.jspecify.annotations.Nullable;
import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanFilter;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.JavaCAN;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * A CAN bus through a Linux SocketCAN interface ({@code can0}, {@code vcan0}) with a
 * CAN_RAW socket (javacan): classic and CAN FD frames, 11- and 29-bit ids, kernel
 * filters, error frames. Reads block for at most a receive timeout so that closing
 * returns promptly.
 *
 * @author Library
 */
public class SocketCanTransport implements CanTransport {

	/** All error classes (CAN_ERR_MASK). */
	private static final int ALL_ERRORS = 0x1FFF_FFFF;

	private static final Duration RECEIVE_TIMEOUT = Duration.ofMillis(200);

	private final String interfaceName;

	private final boolean fd;

	private final List<CanFilter> filters;

	private volatile @Nullable RawCanChannel channel;

	private volatile boolean closed;

	/**
	 * Create the transport.
	 * @param interfaceName the SocketCAN interface
	 * @param fd whether to receive and send CAN FD frames
	 * @param filters kernel filters (id and mask), empty for every frame
	 */
	public SocketCanTransport(String interfaceName, boolean fd, List<CanFilter> filters) {
		this.interfaceName = interfaceName;
		this.fd = fd;
		this.filters = List.copyOf(filters);
	}

	@Override
	public String interfaceName() {
		return this.interfaceName;
	}

	@Override
	public void open() throws IOException {
		this.closed = false;
		JavaCAN.initialize();
		RawCanChannel raw = CanChannels.newRawChannel();
		try {
			raw.setOption(CanSocketOptions.SO_RCVTIMEO, RECEIVE_TIMEOUT);
			raw.setOption(CanSocketOptions.FD_FRAMES, this.fd);
			raw.setOption(CanSocketOptions.ERR_FILTER, ALL_ERRORS);
			if (!this.filters.isEmpty()) {
				raw.setOption(CanSocketOptions.FILTER, this.filters.toArray(CanFilter[]::new));
			}
			raw.bind(NetworkDevice.lookup(this.interfaceName));
		}
		catch (IOException | RuntimeException ex) {
			raw.close();
			throw ex;
		}
		this.channel = raw;
	}

	@Override
	public @Nullable ReceivedFrame receive() throws IOException {
		while (!this.closed) {
			RawCanChannel raw = this.channel;
			if (raw == null) {
				return null;
			}
			tel.schich.javacan.CanFrame frame;
			try {
				frame = raw.read();
			}
			catch (LinuxNativeOperationException ex) {
				if (ex.mayTryAgain()) {
					continue;
				}
				if (this.closed) {
					return null;
				}
				throw ex;
			}
			return new ReceivedFrame(convert(frame), System.nanoTime());
		}
		return null;
	}

	static CanFrame convert(tel.schich.javacan.CanFrame frame) {
		byte[] data = new byte[frame.getDataLength()];
		frame.getData(data, 0, data.length);
		if (frame.isError()) {
			return new CanFrame(frame.getError(), true, data, false, false, true);
		}
		if (frame.isRemoteTransmissionRequest()) {
			return new CanFrame(frame.getId(), frame.isExtended(), new byte[0], false, true, false);
		}
		return new CanFrame(frame.getId(), frame.isExtended(), data, frame.isFDFrame(), false, false);
	}

	static tel.schich.javacan.CanFrame convert(CanFrame frame) {
		byte flags = frame.fd() ? tel.schich.javacan.CanFrame.FD_FLAG_FD_FRAME
				: tel.schich.javacan.CanFrame.FD_NO_FLAGS;
		int id = (int) frame.id();
		return frame.extended() ? tel.schich.javacan.CanFrame.createExtended(id, flags, frame.data())
				: tel.schich.javacan.CanFrame.create(id, flags, frame.data());
	}

	@Override
	public void send(CanFrame frame) throws IOException {
		RawCanChannel raw = this.channel;
		if (raw == null || this.closed) {
			throw new IOException("SocketCAN interface " + this.interfaceName + " is not open");
		}
		raw.write(convert(frame));
	}

	@Override
	public long busTimeNanos() {
		return System.nanoTime();
	}

	@Override
	public void close() {
		this.closed = true;
		RawCanChannel raw = this.channel;
		this.channel = null;
		if (raw != null) {
			try {
				raw.close();
			}
			catch (IOException ex) {
				// Closing: nothing left to do.
			}
		}
	}

}
