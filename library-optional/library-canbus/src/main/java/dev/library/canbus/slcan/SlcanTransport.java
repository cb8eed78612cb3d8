package dev.library.canbus.slcan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.fazecast.jSerialComm.SerialPort;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A CAN bus through an SLCAN adapter on a serial port (jSerialComm): on open, closes the
 * channel, sets the bitrate and opens it ({@code C}, {@code S<n>}, {@code O}), each
 * acknowledged; then reads frames, and writes transmit commands. Blocking, on the bus's
 * own thread.
 *
 * @author Library
 */
public class SlcanTransport implements CanTransport {

	private static final Log logger = LogFactory.getLog(SlcanTransport.class);

	private static final byte CR = '\r';

	private static final byte BELL = 7;

	private final String portName;

	private final int baudRate;

	private final int bitrate;

	private final String interfaceName;

	private final long ackTimeoutNanos;

	private final Object writeLock = new Object();

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(64);

	private final byte[] buffer = new byte[256];

	private int bufferLength;

	private int bufferPosition;

	private @Nullable SerialPort port;

	private volatile boolean closed;

	private volatile long errors;

	/**
	 * Create the transport.
	 * @param portName the serial port, such as {@code /dev/ttyACM0}
	 * @param baudRate the serial baud rate (USB adapters ignore it)
	 * @param bitrate the CAN bitrate
	 * @param interfaceName the interface name in keys and meters
	 * @param ackTimeoutMillis longest wait for the adapter to acknowledge a command
	 */
	public SlcanTransport(String portName, int baudRate, int bitrate, String interfaceName, long ackTimeoutMillis) {
		SlcanCodec.bitrateCommand(bitrate);
		this.portName = portName;
		this.baudRate = baudRate;
		this.bitrate = bitrate;
		this.interfaceName = interfaceName;
		this.ackTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
	}

	@Override
	public String interfaceName() {
		return this.interfaceName;
	}

	@Override
	public void open() throws IOException {
		this.closed = false;
		this.bufferLength = 0;
		this.bufferPosition = 0;
		this.line.reset();
		SerialPort serial = SerialPort.getCommPort(this.portName);
		serial.setComPortParameters(this.baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
		serial.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
		if (!serial.openPort()) {
			throw new IOException(
					"Cannot open serial port " + this.portName + " (error " + serial.getLastErrorCode() + ")");
		}
		this.port = serial;
		try {
			// Close first: the adapter may still be open from an earlier session; that
			// answer (OK or error) does not matter.
			write("C");
			awaitAnswer(false);
			write(SlcanCodec.bitrateCommand(this.bitrate));
			awaitAnswer(true);
			write("O");
			awaitAnswer(true);
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	/** Wait for a CR (acknowledged) or BEL (refused), skipping frames already flowing. */
	private void awaitAnswer(boolean required) throws IOException {
		long deadline = System.nanoTime() + this.ackTimeoutNanos;
		while (System.nanoTime() < deadline) {
			String answer = readLine(deadline);
			if (answer == null) {
				break;
			}
			if (answer.equals("\u0007")) {
				if (required) {
					throw new IOException("SLCAN adapter on " + this.portName + " refused a command");
				}
				return;
			}
			if (SlcanCodec.decode(answer) == null) {
				return;
			}
		}
		if (required) {
			throw new IOException("SLCAN adapter on " + this.portName + " did not answer within "
					+ TimeUnit.NANOSECONDS.toMillis(this.ackTimeoutNanos) + " ms");
		}
	}

	@Override
	public @Nullable ReceivedFrame receive() throws IOException {
		while (!this.closed) {
			String text = readLine(Long.MAX_VALUE);
			if (text == null) {
				return null;
			}
			if (text.equals("\u0007")) {
				this.errors++;
				continue;
			}
			try {
				CanFrame frame = SlcanCodec.decode(text);
				if (frame != null) {
					return new ReceivedFrame(frame, System.nanoTime());
				}
			}
			catch (IllegalArgumentException ex) {
				this.errors++;
				logger.debug("Malformed SLCAN line on " + this.portName + ": " + ex.getMessage());
			}
		}
		return null;
	}

	/** Read up to CR (or a BEL, returned as a line of its own); null once closed. */
	private @Nullable String readLine(long deadline) throws IOException {
		while (!this.closed && System.nanoTime() < deadline) {
			if (this.bufferPosition == this.bufferLength) {
				SerialPort serial = this.port;
				if (serial == null) {
					return null;
				}
				int read = serial.readBytes(this.buffer, this.buffer.length);
				if (read < 0) {
					if (this.closed) {
						return null;
					}
					throw new IOException(
							"Serial port " + this.portName + " read failed (error " + serial.getLastErrorCode() + ")");
				}
				this.bufferLength = read;
				this.bufferPosition = 0;
				continue;
			}
			byte b = this.buffer[this.bufferPosition++];
			if (b == CR) {
				String text = this.line.toString(StandardCharsets.US_ASCII);
				this.line.reset();
				return text;
			}
			if (b == BELL) {
				this.line.reset();
				return "\u0007";
			}
			if (b != '\n') {
				this.line.write(b);
			}
		}
		return null;
	}

	@Override
	public void send(CanFrame frame) throws IOException {
		write(SlcanCodec.encode(frame));
	}

	private void write(String command) throws IOException {
		SerialPort serial = this.port;
		if (serial == null || this.closed) {
			throw new IOException("Serial port " + this.portName + " is not open");
		}
		byte[] bytes = (command + "\r").getBytes(StandardCharsets.US_ASCII);
		synchronized (this.writeLock) {
			if (serial.writeBytes(bytes, bytes.length) != bytes.length) {
				throw new IOException(
						"Serial port " + this.portName + " write failed (error " + serial.getLastErrorCode() + ")");
			}
		}
	}

	/**
	 * Return the number of refused commands and malformed lines seen.
	 * @return the error count
	 */
	public long errors() {
		return this.errors;
	}

	@Override
	public long busTimeNanos() {
		return System.nanoTime();
	}

	@Override
	public void close() {
		SerialPort serial = this.port;
		if (serial != null && !this.closed) {
			try {
				write("C");
			}
			catch (IOException ex) {
				// Closing: the port may already be gone.
			}
		}
		this.closed = true;
		this.port = null;
		if (serial != null) {
			serial.closePort();
		}
	}

}
