package dev.library.i2c.emulation;

/**
 * EMULATION of a generic chip with 256 8-bit registers and an auto-incrementing register
 * pointer: a write frame's first byte sets the pointer, the following bytes are written
 * to successive registers; a read frame reads successive registers.
 *
 * @author Library
 */
public class EmulatedRegisterChip implements EmulatedChip {

	private final int[] registers = new int[256];

	private int pointer;

	@Override
	public synchronized void write(byte[] frame) {
		this.pointer = frame[0] & 0xFF;
		for (int i = 1; i < frame.length; i++) {
			this.registers[this.pointer] = frame[i] & 0xFF;
			this.pointer = (this.pointer + 1) & 0xFF;
		}
	}

	@Override
	public synchronized byte[] read(int length) {
		byte[] frame = new byte[length];
		for (int i = 0; i < length; i++) {
			frame[i] = (byte) this.registers[this.pointer];
			this.pointer = (this.pointer + 1) & 0xFF;
		}
		return frame;
	}

	/**
	 * Set a register.
	 * @param register the address
	 * @param value the byte
	 */
	public synchronized void set(int register, int value) {
		this.registers[register] = value & 0xFF;
	}

	/**
	 * Return a register.
	 * @param register the address
	 * @return the byte
	 */
	public synchronized int get(int register) {
		return this.registers[register];
	}

}
