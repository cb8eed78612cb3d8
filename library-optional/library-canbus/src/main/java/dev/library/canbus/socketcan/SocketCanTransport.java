package dev.library.canbus.socketcan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.library.canbus.CanFrame;
import dev.library.canbus.CanLinkDetails;
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
 * returns promptly. The interface's bitrate, controller state and error counters come
 * from iproute2 ({@code ip -details -statistics -json link}); a bus-off controller is
 * restarted with {@code ip link set <interface> type can restart} unless the kernel does
 * it itself.
 *
 * @author Library
 */
public class SocketCanTransport implements CanTransport {

	/** All error classes (CAN_ERR_MASK). */
	private static final int ALL_ERRORS = 0x1FFF_FFFF;

	private static final Duration RECEIVE_TIMEOUT = Duration.ofMillis(200);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

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

	/**
	 * Run {@code ip -details -statistics -json link show <interface>} (iproute2) and read
	 * its output.
	 */
	@Override
	public @Nullable CanLinkDetails linkDetails() {
		try {
			String output = run("ip", "-details", "-statistics", "-json", "link", "show", this.interfaceName);
			return (output != null) ? IpLinkDetails.parse(output) : null;
		}
		catch (IOException | RuntimeException ex) {
			return null; // no iproute2, or no such interface: nothing to tell
		}
	}

	/**
	 * Restart a bus-off controller with {@code ip link set <interface> type can restart}
	 * (needs CAP_NET_ADMIN), unless the kernel restarts it itself ({@code restart-ms}
	 * set).
	 */
	@Override
	public boolean restart() throws IOException {
		CanLinkDetails details = linkDetails();
		if (details != null && details.restartMs() != null && details.restartMs() > 0) {
			return false;
		}
		if (run("ip", "link", "set", this.interfaceName, "type", "can", "restart") == null) {
			throw new IOException("'ip link set " + this.interfaceName + " type can restart' failed (it needs "
					+ "CAP_NET_ADMIN; or set restart-ms on the interface)");
		}
		return true;
	}

	/** Run a command; return its output, or {@code null} if it failed. */
	private static @Nullable String run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return null;
			}
			return (process.exitValue() == 0) ? output : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return null;
		}
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
