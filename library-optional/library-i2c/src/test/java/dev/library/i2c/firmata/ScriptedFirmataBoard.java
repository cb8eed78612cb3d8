package dev.library.i2c.firmata;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted StandardFirmata board at the far end of a pseudo-terminal pair made by
 * {@code socat}: the host opens one end as a serial port with jSerialComm (the real
 * serial code path), this board reads and writes the other. It records every message the
 * host sends, as hex, and answers as StandardFirmata 2.5 does: firmware report, pin state
 * responses, digital port reports when enabled, analog reports, I2C replies. A SCRIPTED
 * PEER, for tests: it proves the bytes, not a Pico.
 *
 * @author Library
 */
final class ScriptedFirmataBoard implements AutoCloseable {

	private final Process socat;

	private final Path hostEnd;

	private final InputStream in;

	private final OutputStream out;

	private final Thread reader;

	final List<String> received = new CopyOnWriteArrayList<>();

	private final Map<Integer, Integer> pinModes = new ConcurrentHashMap<>();

	private final Map<Integer, Integer> pinValues = new ConcurrentHashMap<>();

	private final int[] inputPorts = new int[16];

	private final boolean[] reportedPorts = new boolean[16];

	private final Map<Integer, Integer> analogValues = new ConcurrentHashMap<>();

	private final Map<Integer, byte[]> i2cDevices = new ConcurrentHashMap<>();

	private volatile boolean silent;

	ScriptedFirmataBoard(Path directory) throws IOException, InterruptedException {
		Path host = directory.resolve("host");
		Path board = directory.resolve("board");
		this.socat = new ProcessBuilder("socat", "pty,raw,echo=0,ignoreeof,link=" + host,
				"pty,raw,echo=0,link=" + board)
			.redirectErrorStream(true)
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!(Files.exists(host) && Files.exists(board))) {
			if (System.nanoTime() > deadline || !this.socat.isAlive()) {
				throw new IllegalStateException("socat made no pseudo-terminal pair: "
						+ new String(this.socat.getInputStream().readAllBytes()));
			}
			Thread.sleep(20);
		}
		this.hostEnd = host.toRealPath();
		Path boardEnd = board.toRealPath();
		this.in = new FileInputStream(boardEnd.toFile());
		this.out = new FileOutputStream(boardEnd.toFile());
		this.reader = new Thread(this::readLoop, "scripted-firmata-board");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Return the pseudo-terminal the host opens as its serial port.
	 * @return such as {@code /dev/pts/3}
	 */
	String hostPort() {
		return this.hostEnd.toString();
	}

	void input(int pin, boolean high) throws IOException {
		int port = pin / 8;
		synchronized (this.inputPorts) {
			this.inputPorts[port] = high ? (this.inputPorts[port] | (1 << (pin % 8)))
					: (this.inputPorts[port] & ~(1 << (pin % 8)));
			if (this.reportedPorts[port]) {
				sendPort(port);
			}
		}
	}

	void analog(int channel, int value) throws IOException {
		this.analogValues.put(channel, value);
		send(0xE0 | channel, value & 0x7F, (value >> 7) & 0x7F);
	}

	void i2cDevice(int address, byte... registers) {
		this.i2cDevices.put(address, registers);
	}

	int pinValue(int pin) {
		return this.pinValues.getOrDefault(pin, -1);
	}

	int pinMode(int pin) {
		return this.pinModes.getOrDefault(pin, -1);
	}

	/**
	 * Stop answering, as a hung board would.
	 */
	void silence() {
		this.silent = true;
	}

	/**
	 * Cut the link: the pseudo-terminal pair goes away, as when the USB cable is pulled.
	 */
	void unplug() throws InterruptedException {
		this.socat.destroy();
		this.socat.waitFor(5, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		this.socat.destroy();
		this.socat.waitFor(5, TimeUnit.SECONDS);
		this.reader.interrupt();
		this.in.close();
		this.out.close();
	}

	private void readLoop() {
		try {
			int command;
			while ((command = this.in.read()) != -1) {
				ByteArrayOutputStream message = new ByteArrayOutputStream();
				message.write(command);
				if (command == 0xF0) {
					int b;
					while ((b = this.in.read()) != 0xF7 && b != -1) {
						message.write(b);
					}
					message.write(0xF7);
				}
				else if (command == 0xF4 || command == 0xF5 || (command & 0xF0) == 0x90) {
					message.write(this.in.read());
					message.write(this.in.read());
				}
				else if ((command & 0xF0) == 0xC0 || (command & 0xF0) == 0xD0) {
					message.write(this.in.read());
				}
				byte[] bytes = message.toByteArray();
				this.received.add(hex(bytes));
				if (!this.silent) {
					answer(bytes);
				}
			}
		}
		catch (IOException ex) {
			// the pair went away
		}
	}

	private void answer(byte[] m) throws IOException {
		int command = m[0] & 0xFF;
		if (command == 0xF4) {
			this.pinModes.put(m[1] & 0x7F, m[2] & 0x7F);
		}
		else if (command == 0xF5) {
			// StandardFirmata's setPinValueCallback: only an OUTPUT pin takes the value
			if (this.pinModes.getOrDefault(m[1] & 0x7F, -1) == 0x01) {
				this.pinValues.put(m[1] & 0x7F, m[2] & 0x01);
			}
		}
		else if ((command & 0xF0) == 0xC0) {
			// StandardFirmata reports an analog pin every sampling interval: once is
			// enough here
			if (m[1] != 0) {
				int channel = command & 0x0F;
				int value = this.analogValues.getOrDefault(channel, 0);
				send(0xE0 | channel, value & 0x7F, (value >> 7) & 0x7F);
			}
		}
		else if ((command & 0xF0) == 0xD0) {
			int port = command & 0x0F;
			synchronized (this.inputPorts) {
				this.reportedPorts[port] = m[1] != 0;
				if (this.reportedPorts[port]) {
					sendPort(port);
				}
			}
		}
		else if (command == 0xF0) {
			int sysex = m[1] & 0xFF;
			if (sysex == 0x79) {
				send(0xF9, 2, 5);
				byte[] name = "StandardFirmata.ino".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
				int[] reply = new int[5 + 2 * name.length];
				reply[0] = 0xF0;
				reply[1] = 0x79;
				reply[2] = 2;
				reply[3] = 5;
				for (int i = 0; i < name.length; i++) {
					reply[4 + 2 * i] = name[i] & 0x7F;
					reply[5 + 2 * i] = 0;
				}
				reply[reply.length - 1] = 0xF7;
				send(reply);
			}
			else if (sysex == 0x6D) {
				int pin = m[2] & 0x7F;
				send(0xF0, 0x6E, pin, this.pinModes.getOrDefault(pin, 0), this.pinValues.getOrDefault(pin, 0), 0xF7);
			}
			else if (sysex == 0x76 && (m[3] & 0x18) == 0x08) {
				int address = m[2] & 0x7F;
				int register = (m[4] & 0x7F) | ((m[5] & 0x7F) << 7);
				int count = (m[6] & 0x7F) | ((m[7] & 0x7F) << 7);
				byte[] registers = this.i2cDevices.get(address);
				if (registers == null) {
					return;
				}
				int[] reply = new int[7 + 2 * count];
				reply[0] = 0xF0;
				reply[1] = 0x77;
				reply[2] = address;
				reply[3] = 0;
				reply[4] = register & 0x7F;
				reply[5] = register >> 7;
				for (int i = 0; i < count; i++) {
					int value = registers[register + i] & 0xFF;
					reply[6 + 2 * i] = value & 0x7F;
					reply[7 + 2 * i] = value >> 7;
				}
				reply[reply.length - 1] = 0xF7;
				send(reply);
			}
		}
	}

	private void sendPort(int port) throws IOException {
		int value = this.inputPorts[port];
		send(0x90 | port, value & 0x7F, (value >> 7) & 0x01);
	}

	private void send(int... bytes) throws IOException {
		byte[] frame = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			frame[i] = (byte) bytes[i];
		}
		synchronized (this.out) {
			this.out.write(frame);
			this.out.flush();
		}
	}

	static String hex(byte[] frame) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < frame.length; i++) {
			text.append((i > 0) ? " " : "").append(String.format("%02x", frame[i] & 0xFF));
		}
		return text.toString();
	}

}
