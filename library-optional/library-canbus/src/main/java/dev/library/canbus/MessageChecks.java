package dev.library.canbus;

import dev.library.canbus.dbc.Message;
import dev.library.canbus.dbc.Signal;
import org.jspecify.annotations.Nullable;

/**
 * The rolling counter and checksum of one message, as opendbc checks them: a counter that
 * does not advance by one (modulo its modulus) from the last frame, a checksum that does
 * not match the bytes it covers. Fills both in on frames the platform sends.
 *
 * @author Library
 */
final class MessageChecks {

	private final @Nullable Signal counter;

	private final long modulus;

	private final @Nullable Signal checksum;

	private final @Nullable FrameChecksum algorithm;

	private final int from;

	private final int to;

	private final boolean[] checksumBytes;

	private long lastCounter = -1;

	private long sentCounter = -1;

	/**
	 * Create the checks.
	 * @param message the message
	 * @param spec what to check
	 */
	MessageChecks(Message message, CanbusSettings.MessageCheckSpec spec) {
		this.counter = (spec.counterSignal() != null) ? message.getSignal(spec.counterSignal()) : null;
		this.modulus = (spec.modulus() > 0) ? spec.modulus()
				: (this.counter != null) ? (1L << Math.min(62, this.counter.getLength())) : 0;
		this.checksum = (spec.checksumSignal() != null) ? message.getSignal(spec.checksumSignal()) : null;
		this.algorithm = spec.algorithm();
		this.from = spec.fromByte();
		this.to = spec.toByte();
		this.checksumBytes = new boolean[message.getLength()];
		if (this.checksum != null && this.checksum.fitsIn(message.getLength())) {
			byte[] mask = new byte[message.getLength()];
			this.checksum.writeRaw(mask, -1L);
			for (int i = 0; i < mask.length; i++) {
				this.checksumBytes[i] = mask[i] != 0;
			}
		}
	}

	/**
	 * Check a received frame and remember its counter.
	 */
	synchronized Liveness check(long frameId, byte[] data) {
		Liveness verdict = Liveness.OK;
		if (this.checksum != null && this.algorithm != null && this.checksum.fitsIn(data.length)
				&& this.checksum.readRaw(data) != expectedChecksum(frameId, data)) {
			verdict = Liveness.CHECKSUM_FAILED;
		}
		if (this.counter != null && this.counter.fitsIn(data.length)) {
			long value = this.counter.readRaw(data);
			if (verdict == Liveness.OK && this.lastCounter >= 0) {
				if (value == this.lastCounter) {
					verdict = Liveness.COUNTER_REPEATED;
				}
				else if (value != (this.lastCounter + 1) % this.modulus) {
					verdict = Liveness.COUNTER_SKIPPED;
				}
			}
			this.lastCounter = value;
		}
		return verdict;
	}

	/**
	 * Fill in the next counter value and the checksum of a frame to send.
	 */
	synchronized void fill(long frameId, byte[] data) {
		if (this.counter != null && this.counter.fitsIn(data.length)) {
			this.sentCounter = (this.sentCounter + 1) % this.modulus;
			this.counter.writeRaw(data, this.sentCounter);
		}
		if (this.checksum != null && this.algorithm != null && this.checksum.fitsIn(data.length)) {
			this.checksum.writeRaw(data, expectedChecksum(frameId, data));
		}
	}

	/**
	 * The checksum over the configured bytes, or by default over every byte that holds no
	 * bit of the checksum.
	 */
	private long expectedChecksum(long frameId, byte[] data) {
		long mask = (this.checksum.getLength() >= 64) ? -1L : (1L << this.checksum.getLength()) - 1;
		if (this.from >= 0) {
			return this.algorithm.compute(frameId, data, this.from, Math.min(this.to, data.length - 1)) & mask;
		}
		byte[] covered = new byte[data.length];
		int length = 0;
		for (int i = 0; i < data.length; i++) {
			if (i >= this.checksumBytes.length || !this.checksumBytes[i]) {
				covered[length++] = data[i];
			}
		}
		return this.algorithm.compute(frameId, covered, 0, length - 1) & mask;
	}

}
