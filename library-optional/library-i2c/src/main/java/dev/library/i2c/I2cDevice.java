package dev.library.i2c;

import java.time.Duration;
import java.util.function.Supplier;

import com.pi4j.io.i2c.I2C;
import dev.library.adapters.spi.AdapterException;

/**
 * One chip on an I2C bus, reached through Pi4J: every transaction runs on the
 * {@link SharedI2cBus shared bus} with a timeout, is retried a bounded number of times
 * after a NACK (routine from a chip busy with a conversion) but not after a timeout, and
 * is counted. Transactions are plain writes and reads of whole frames, as the datasheets
 * draw them.
 *
 * @author Library
 */
final class I2cDevice {

	private final I2C i2c;

	private final String name;

	private final int retries;

	private final SharedI2cBus bus;

	private final Duration timeout;

	private final I2cMeters.ChipMeters meters;

	private volatile boolean answered;

	I2cDevice(I2C i2c, String name, int retries, SharedI2cBus bus, Duration timeout, I2cMeters.ChipMeters meters) {
		this.i2c = i2c;
		this.name = name;
		this.retries = retries;
		this.bus = bus;
		this.timeout = timeout;
		this.meters = meters;
	}

	/**
	 * Write one frame (the bytes after the address byte with R/W = 0).
	 * @param frame the bytes
	 */
	void write(byte... frame) {
		transaction("write " + hex(frame), () -> {
			int written = this.i2c.write(frame, 0, frame.length);
			if (written != frame.length) {
				throw new AdapterException("wrote " + written + " of " + frame.length + " bytes");
			}
			return null;
		});
	}

	/**
	 * Read one frame (the bytes after the address byte with R/W = 1).
	 * @param length how many bytes
	 * @return the bytes
	 */
	byte[] read(int length) {
		return transaction("read " + length + " bytes", () -> {
			byte[] frame = new byte[length];
			int read = this.i2c.read(frame, 0, length);
			if (read != length) {
				throw new AdapterException("read " + read + " of " + length + " bytes");
			}
			return frame;
		});
	}

	/**
	 * Write a register pointer, then read from it.
	 * @param register the register
	 * @param length how many bytes
	 * @return the bytes
	 */
	byte[] readRegister(int register, int length) {
		write((byte) register);
		return read(length);
	}

	/**
	 * Count an error found in a frame that was transferred well, such as a bad checksum.
	 */
	void countError() {
		this.meters.error();
	}

	/**
	 * Return whether the chip's last transaction succeeded.
	 * @return whether it answered; {@code false} before its first transaction
	 */
	boolean answered() {
		return this.answered;
	}

	String name() {
		return this.name;
	}

	void close() {
		try {
			this.i2c.close();
		}
		catch (RuntimeException ex) {
			// Closing a file descriptor of a gone bus: nothing left to release
		}
	}

	private <T> T transaction(String what, Supplier<T> transaction) {
		RuntimeException last = null;
		for (int attempt = 0; attempt <= this.retries; attempt++) {
			if (attempt > 0) {
				this.meters.retry();
			}
			try {
				T result = this.bus.execute(this.name + ": " + what, this.timeout, transaction);
				this.meters.success();
				this.answered = true;
				return result;
			}
			catch (I2cTimeoutException ex) {
				this.meters.timeout();
				this.answered = false;
				throw ex;
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		this.meters.failure();
		this.answered = false;
		throw new I2cTransactionException(this.name + ": " + what + " failed after " + (this.retries + 1)
				+ " attempts: " + ((last != null) ? last.getMessage() : "no answer"), last);
	}

	static String hex(byte[] frame) {
		StringBuilder text = new StringBuilder("[");
		for (int i = 0; i < frame.length; i++) {
			text.append((i > 0) ? " " : "").append(String.format("%02x", frame[i] & 0xFF));
		}
		return text.append("]").toString();
	}

}
