package dev.library.i2c.emulation;

/**
 * EMULATION of an NXP PCF8574 (datasheet Rev. 5): one quasi-bidirectional port. A write
 * frame's bytes each set the port latch (8.2; the last byte counts); a read frame returns
 * the pin levels (8.3): a pin whose latch is 1 is weakly high and reads low when pulled
 * low from outside, a pin whose latch is 0 reads low. Power-on latch: 0xFF (all high).
 *
 * @author Library
 */
public class EmulatedPcf8574 implements EmulatedChip {

	private int latch = 0xFF;

	private int pulledLow;

	@Override
	public synchronized void write(byte[] frame) {
		for (byte b : frame) {
			this.latch = b & 0xFF;
		}
	}

	@Override
	public synchronized byte[] read(int length) {
		byte[] frame = new byte[length];
		for (int i = 0; i < length; i++) {
			frame[i] = (byte) (this.latch & ~this.pulledLow);
		}
		return frame;
	}

	/**
	 * Pull a pin low from outside (a closed switch to ground, a shorted output) or let it
	 * go.
	 * @param pin the pin, 0-7
	 * @param low whether it is pulled low
	 */
	public synchronized void pullLow(int pin, boolean low) {
		this.pulledLow = low ? (this.pulledLow | (1 << pin)) : (this.pulledLow & ~(1 << pin));
	}

	/**
	 * Return the port latch.
	 * @return the byte last written
	 */
	public synchronized int latch() {
		return this.latch;
	}

}
