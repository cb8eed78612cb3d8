package dev.library.i2c.emulation;

/**
 * EMULATION of a Microchip MCP23017 (datasheet DS20001952C) in its power-on configuration
 * ({@code IOCON.BANK = 0}, {@code SEQOP = 0}: table 3-5, 3.2.1 sequential mode). A write
 * frame's first byte sets the address pointer, the next bytes are written to successive
 * registers; a read frame reads successive registers from the pointer, which rolls over
 * after 0x15. {@code IODIR} resets to 0xFF (all inputs, 3.5.1). Writing {@code GPIO}
 * writes {@code OLAT} (3.5.10). Reading {@code GPIO} returns, for an output, its
 * {@code OLAT} bit unless the pin is forced from outside (a short), and for an input its
 * outside level.
 *
 * @author Library
 */
public class EmulatedMcp23017 implements EmulatedChip {

	private static final int IODIRA = 0x00;

	private static final int GPIOA = 0x12;

	private static final int OLATA = 0x14;

	private final int[] registers = new int[0x16];

	private final int[] inputs = new int[2];

	private final int[] forcedMask = new int[2];

	private final int[] forcedLevel = new int[2];

	private int pointer;

	public EmulatedMcp23017() {
		this.registers[IODIRA] = 0xFF;
		this.registers[IODIRA + 1] = 0xFF;
	}

	@Override
	public synchronized void write(byte[] frame) {
		if (frame.length == 0) {
			return;
		}
		this.pointer = frame[0] & 0xFF;
		if (this.pointer >= this.registers.length) {
			throw new NackException("MCP23017 has no register " + this.pointer);
		}
		for (int i = 1; i < frame.length; i++) {
			int register = (this.pointer == GPIOA || this.pointer == GPIOA + 1) ? this.pointer + 2 : this.pointer;
			this.registers[register] = frame[i] & 0xFF;
			advance();
		}
	}

	@Override
	public synchronized byte[] read(int length) {
		byte[] frame = new byte[length];
		for (int i = 0; i < length; i++) {
			frame[i] = (byte) value(this.pointer);
			advance();
		}
		return frame;
	}

	private int value(int register) {
		if (register == GPIOA || register == GPIOA + 1) {
			int port = register - GPIOA;
			int directions = this.registers[IODIRA + port];
			int levels = (this.registers[OLATA + port] & ~directions) | (this.inputs[port] & directions);
			return (levels & ~this.forcedMask[port]) | (this.forcedLevel[port] & this.forcedMask[port]);
		}
		return this.registers[register];
	}

	private void advance() {
		this.pointer = (this.pointer + 1) % this.registers.length;
	}

	/**
	 * Return a register.
	 * @param register the address
	 * @return the value
	 */
	public synchronized int register(int register) {
		return this.registers[register];
	}

	/**
	 * Set the outside level of an input pin.
	 * @param port 0 for A, 1 for B
	 * @param bit the pin
	 * @param high the level
	 */
	public synchronized void input(int port, int bit, boolean high) {
		this.inputs[port] = high ? (this.inputs[port] | (1 << bit)) : (this.inputs[port] & ~(1 << bit));
	}

	/**
	 * Force a pin to a level from outside, whatever the chip drives: a short or a welded
	 * relay contact feeding back.
	 * @param port 0 for A, 1 for B
	 * @param bit the pin
	 * @param high the level it is forced to
	 */
	public synchronized void force(int port, int bit, boolean high) {
		this.forcedMask[port] |= 1 << bit;
		this.forcedLevel[port] = high ? (this.forcedLevel[port] | (1 << bit)) : (this.forcedLevel[port] & ~(1 << bit));
	}

	/**
	 * Stop forcing a pin.
	 * @param port 0 for A, 1 for B
	 * @param bit the pin
	 */
	public synchronized void release(int port, int bit) {
		this.forcedMask[port] &= ~(1 << bit);
	}

}
