package dev.library.i2c.firmata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The host side of the Firmata protocol (version 2.x, as StandardFirmata speaks it) over
 * a pair of streams: the subset for digital and analog pins and I2C. Messages, from the
 * protocol's published formats ({@code protocol.md}, {@code i2c.md}):
 * <ul>
 * <li>set pin mode {@code F4 pin mode}; set digital pin value {@code F5 pin value};</li>
 * <li>report digital port {@code D0|port 0/1}; report analog pin {@code C0|pin 0/1};</li>
 * <li>digital port message {@code 90|port lsb msb}; analog message {@code E0|pin lsb msb}
 * (14-bit values as two 7-bit bytes);</li>
 * <li>version {@code F9 major minor}; sysex {@code F0 ... F7}: report firmware
 * {@code 79}, pin state query/response {@code 6D}/{@code 6E}, sampling interval
 * {@code 7A}, I2C config {@code 78}, I2C request {@code 76}, I2C reply {@code 77}.</li>
 * </ul>
 * A reader thread parses what the board sends. Every method may block up to the timeout
 * and throws {@link FirmataException} when the board does not answer or the link failed.
 *
 * @author Library
 */
public final class FirmataClient implements AutoCloseable {

	/**
	 * Pin mode: digital input.
	 */
	public static final int INPUT = 0x00;

	/**
	 * Pin mode: digital output.
	 */
	public static final int OUTPUT = 0x01;

	/**
	 * Pin mode: analog input.
	 */
	public static final int ANALOG = 0x02;

	/**
	 * Pin mode: I2C.
	 */
	public static final int I2C = 0x06;

	/**
	 * Pin mode: digital input with the pull-up on.
	 */
	public static final int PULLUP = 0x0B;

	static final int DIGITAL_MESSAGE = 0x90;

	static final int ANALOG_MESSAGE = 0xE0;

	static final int REPORT_ANALOG = 0xC0;

	static final int REPORT_DIGITAL = 0xD0;

	static final int SET_PIN_MODE = 0xF4;

	static final int SET_DIGITAL_PIN_VALUE = 0xF5;

	static final int REPORT_VERSION = 0xF9;

	static final int START_SYSEX = 0xF0;

	static final int END_SYSEX = 0xF7;

	static final int PIN_STATE_QUERY = 0x6D;

	static final int PIN_STATE_RESPONSE = 0x6E;

	static final int I2C_REQUEST = 0x76;

	static final int I2C_REPLY = 0x77;

	static final int I2C_CONFIG = 0x78;

	static final int REPORT_FIRMWARE = 0x79;

	static final int SAMPLING_INTERVAL = 0x7A;

	private final InputStream in;

	private final OutputStream out;

	private final Duration timeout;

	private final Thread reader;

	private final int[] digitalPorts = new int[16];

	private final boolean[] digitalReported = new boolean[16];

	private final Map<Integer, Integer> analog = new ConcurrentHashMap<>();

	private final Map<Integer, CompletableFuture<Integer>> pinStates = new ConcurrentHashMap<>();

	private final Map<Integer, CompletableFuture<byte[]>> i2cReplies = new ConcurrentHashMap<>();

	private final CompletableFuture<String> firmware = new CompletableFuture<>();

	private volatile @Nullable String failure;

	/**
	 * Create a client over a link and start reading from it.
	 * @param name the link's name, for the reader thread and errors
	 * @param in what the board sends
	 * @param out what the board receives
	 * @param timeout how long to wait for an answer
	 */
	public FirmataClient(String name, InputStream in, OutputStream out, Duration timeout) {
		this.in = in;
		this.out = out;
		this.timeout = timeout;
		this.reader = new Thread(this::readLoop, "firmata-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Ask for the firmware's name and version and wait for it.
	 * @return such as {@code StandardFirmata.ino 2.5}
	 */
	public String firmware() {
		send(START_SYSEX, REPORT_FIRMWARE, END_SYSEX);
		return await(this.firmware, "firmware report");
	}

	/**
	 * Set a pin's mode.
	 * @param pin the pin
	 * @param mode {@link #INPUT}, {@link #OUTPUT}, {@link #ANALOG}, {@link #PULLUP},
	 * {@link #I2C}
	 */
	public void pinMode(int pin, int mode) {
		send(SET_PIN_MODE, pin & 0x7F, mode & 0x7F);
	}

	/**
	 * Set a digital output.
	 * @param pin the pin
	 * @param high the level
	 */
	public void digitalWrite(int pin, boolean high) {
		send(SET_DIGITAL_PIN_VALUE, pin & 0x7F, high ? 1 : 0);
	}

	/**
	 * Ask the board to report a digital port (pins {@code 8 * port} to
	 * {@code 8 * port + 7}) whenever it changes.
	 * @param port the port
	 */
	public void reportDigital(int port) {
		send(REPORT_DIGITAL | (port & 0x0F), 1);
	}

	/**
	 * Ask the board to report an analog pin every sampling interval.
	 * @param channel the analog pin number (A0 is 0)
	 */
	public void reportAnalog(int channel) {
		send(REPORT_ANALOG | (channel & 0x0F), 1);
	}

	/**
	 * Set how often analog pins and I2C continuous reads are reported.
	 * @param interval the interval
	 */
	public void samplingInterval(Duration interval) {
		int millis = (int) Math.min(16383, Math.max(1, interval.toMillis()));
		send(START_SYSEX, SAMPLING_INTERVAL, millis & 0x7F, millis >> 7, END_SYSEX);
	}

	/**
	 * Return the level of a digital input pin, from the last report of its port.
	 * @param pin the pin
	 * @return the level
	 */
	public boolean digitalRead(int pin) {
		int port = pin / 8;
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.digitalPorts) {
			while (!this.digitalReported[port]) {
				checkAlive();
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new FirmataException("No report of digital port " + port + " within " + this.timeout);
				}
				waitOn(this.digitalPorts, left);
			}
			return (this.digitalPorts[port] & (1 << (pin % 8))) != 0;
		}
	}

	/**
	 * Return the last reported value of an analog pin.
	 * @param channel the analog pin number (A0 is 0)
	 * @return the value, 0-1023 for a 10-bit converter
	 */
	public int analogRead(int channel) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		synchronized (this.analog) {
			while (!this.analog.containsKey(channel)) {
				checkAlive();
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new FirmataException("No report of analog pin A" + channel + " within " + this.timeout);
				}
				waitOn(this.analog, left);
			}
			return this.analog.get(channel);
		}
	}

	/**
	 * Ask for a pin's state: for an output, the level last written.
	 * @param pin the pin
	 * @return the state
	 */
	public int pinState(int pin) {
		CompletableFuture<Integer> answer = new CompletableFuture<>();
		this.pinStates.put(pin, answer);
		send(START_SYSEX, PIN_STATE_QUERY, pin & 0x7F, END_SYSEX);
		return await(answer, "state of pin " + pin);
	}

	/**
	 * Configure I2C on the board (turns its I2C pins to I2C mode).
	 * @param delayMicros the delay between writing the register and reading from it
	 */
	public void i2cConfig(int delayMicros) {
		send(START_SYSEX, I2C_CONFIG, delayMicros & 0x7F, (delayMicros >> 7) & 0x7F, END_SYSEX);
	}

	/**
	 * Write bytes to an I2C device through the board.
	 * @param address the 7-bit address
	 * @param data the bytes
	 */
	public void i2cWrite(int address, byte... data) {
		int[] message = new int[5 + 2 * data.length];
		message[0] = START_SYSEX;
		message[1] = I2C_REQUEST;
		message[2] = address & 0x7F;
		message[3] = 0x00;
		for (int i = 0; i < data.length; i++) {
			message[4 + 2 * i] = data[i] & 0x7F;
			message[5 + 2 * i] = (data[i] & 0xFF) >> 7;
		}
		message[message.length - 1] = END_SYSEX;
		send(message);
	}

	/**
	 * Read bytes from a register of an I2C device through the board, once.
	 * @param address the 7-bit address
	 * @param register the register
	 * @param count how many bytes
	 * @return the bytes
	 */
	public byte[] i2cRead(int address, int register, int count) {
		CompletableFuture<byte[]> answer = new CompletableFuture<>();
		this.i2cReplies.put(address, answer);
		send(START_SYSEX, I2C_REQUEST, address & 0x7F, 0x08, register & 0x7F, (register >> 7) & 0x7F, count & 0x7F,
				(count >> 7) & 0x7F, END_SYSEX);
		return await(answer, "I2C reply of 0x" + Integer.toHexString(address));
	}

	/**
	 * Return whether the link is still up as far as the reader knows.
	 * @return whether it is
	 */
	public boolean isAlive() {
		return this.failure == null && this.reader.isAlive();
	}

	@Override
	public void close() {
		this.failure = "closed";
		this.reader.interrupt();
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// closing: nothing left to do
		}
		try {
			this.out.close();
		}
		catch (IOException ex) {
			// closing: nothing left to do
		}
	}

	private void send(int... bytes) {
		checkAlive();
		byte[] frame = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			frame[i] = (byte) bytes[i];
		}
		try {
			synchronized (this.out) {
				this.out.write(frame);
				this.out.flush();
			}
		}
		catch (IOException ex) {
			this.failure = "write failed: " + ex.getMessage();
			throw new FirmataException("Firmata link failed: " + ex.getMessage(), ex);
		}
	}

	private <T> T await(CompletableFuture<T> answer, String what) {
		try {
			return answer.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			checkAlive();
			throw new FirmataException("No " + what + " within " + this.timeout);
		}
		catch (ExecutionException ex) {
			throw new FirmataException("No " + what + ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FirmataException("Interrupted while waiting for the " + what, ex);
		}
	}

	private void checkAlive() {
		String current = this.failure;
		if (current != null) {
			throw new FirmataException("Firmata link is down: " + current);
		}
	}

	private static void waitOn(Object monitor, long nanos) {
		try {
			TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FirmataException("Interrupted while waiting for a report", ex);
		}
	}

	private void readLoop() {
		try {
			int command;
			while ((command = this.in.read()) != -1) {
				if (command == START_SYSEX) {
					ByteArrayOutputStream sysex = new ByteArrayOutputStream();
					int b;
					while ((b = this.in.read()) != END_SYSEX) {
						if (b == -1) {
							throw new IOException("end of stream inside a sysex message");
						}
						sysex.write(b);
					}
					onSysex(sysex.toByteArray());
				}
				else if (command == REPORT_VERSION) {
					this.in.read();
					this.in.read();
				}
				else if ((command & 0xF0) == DIGITAL_MESSAGE) {
					int value = this.in.read() | (this.in.read() << 7);
					synchronized (this.digitalPorts) {
						this.digitalPorts[command & 0x0F] = value & 0xFF;
						this.digitalReported[command & 0x0F] = true;
						this.digitalPorts.notifyAll();
					}
				}
				else if ((command & 0xF0) == ANALOG_MESSAGE) {
					int value = this.in.read() | (this.in.read() << 7);
					synchronized (this.analog) {
						this.analog.put(command & 0x0F, value);
						this.analog.notifyAll();
					}
				}
				// anything else (a byte lost mid-message) is skipped until the next
				// command
			}
			this.failure = "the board closed the link";
		}
		catch (IOException | RuntimeException ex) {
			if (this.failure == null) {
				this.failure = "read failed: " + ex.getMessage();
			}
		}
		FirmataException down = new FirmataException("Firmata link is down: " + this.failure);
		this.firmware.completeExceptionally(down);
		this.pinStates.values().forEach((answer) -> answer.completeExceptionally(down));
		this.i2cReplies.values().forEach((answer) -> answer.completeExceptionally(down));
		synchronized (this.digitalPorts) {
			this.digitalPorts.notifyAll();
		}
		synchronized (this.analog) {
			this.analog.notifyAll();
		}
	}

	private void onSysex(byte[] data) {
		if (data.length == 0) {
			return;
		}
		switch (data[0]) {
			case REPORT_FIRMWARE -> {
				StringBuilder name = new StringBuilder();
				for (int i = 3; i + 1 < data.length; i += 2) {
					name.append((char) ((data[i] & 0x7F) | ((data[i + 1] & 0x7F) << 7)));
				}
				this.firmware.complete(name + " " + data[1] + "." + data[2]);
			}
			case PIN_STATE_RESPONSE -> {
				int state = 0;
				for (int i = 3; i < data.length; i++) {
					state |= (data[i] & 0x7F) << (7 * (i - 3));
				}
				CompletableFuture<Integer> answer = this.pinStates.remove(data[1] & 0x7F);
				if (answer != null) {
					answer.complete(state);
				}
			}
			case I2C_REPLY -> {
				int address = (data[1] & 0x7F) | ((data[2] & 0x7F) << 7);
				byte[] bytes = new byte[(data.length - 5) / 2];
				for (int i = 0; i < bytes.length; i++) {
					bytes[i] = (byte) ((data[5 + 2 * i] & 0x7F) | ((data[6 + 2 * i] & 0x7F) << 7));
				}
				CompletableFuture<byte[]> answer = this.i2cReplies.remove(address);
				if (answer != null) {
					answer.complete(bytes);
				}
			}
			default -> {
				// string messages, capability responses: not used
			}
		}
	}

}
