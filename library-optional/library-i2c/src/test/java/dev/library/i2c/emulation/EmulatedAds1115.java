package dev.library.i2c.emulation;

/**
 * EMULATION of a Texas Instruments ADS1115 (datasheet SBAS444D). The pointer register
 * (9.6.1) selects the conversion (0x00) or config (0x01) register; a write frame of three
 * bytes writes the selected register MSB first, a read frame returns it MSB first. The
 * config register resets to 0x8583 (9.6.3). In single-shot mode ({@code MODE = 1}),
 * writing {@code OS = 1} starts a conversion of the {@code MUX} input with the
 * {@code PGA} range: {@code OS} reads 0 until it is done one data-rate period later, then
 * the conversion register holds the two's complement code ({@code V / FSR * 32768},
 * clipped; 9.3.3); before that it still holds the previous code.
 *
 * @author Library
 */
public class EmulatedAds1115 implements EmulatedChip {

	private static final double[] RANGES = { 6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256 };

	private static final int[] RATES = { 8, 16, 32, 64, 128, 250, 475, 860 };

	private final double[] volts = new double[4];

	private int pointer;

	private int config = 0x8583;

	private int conversion;

	private long doneAtNanos;

	private boolean converting;

	private int pendingCode;

	@Override
	public synchronized void write(byte[] frame) {
		this.pointer = frame[0] & 0x03;
		if (frame.length == 3) {
			int value = ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
			if (this.pointer == 0x01) {
				settle();
				this.config = value & 0x7FFF;
				if ((value & 0x8000) != 0 && (value & 0x0100) != 0) {
					start();
				}
			}
		}
	}

	@Override
	public synchronized byte[] read(int length) {
		settle();
		int value = switch (this.pointer) {
			case 0x00 -> this.conversion;
			case 0x01 -> this.config | (this.converting ? 0 : 0x8000);
			default -> 0;
		};
		byte[] frame = new byte[length];
		for (int i = 0; i < length; i++) {
			frame[i] = (byte) ((i % 2 == 0) ? value >> 8 : value);
		}
		return frame;
	}

	/**
	 * Set the voltage on an input, against GND.
	 * @param input 0-3
	 * @param value volts
	 */
	public synchronized void input(int input, double value) {
		this.volts[input] = value;
	}

	/**
	 * Return the config register as last written, without {@code OS}.
	 * @return the config bits
	 */
	public synchronized int config() {
		return this.config;
	}

	private void start() {
		int mux = (this.config >> 12) & 0x7;
		double range = RANGES[(this.config >> 9) & 0x7];
		double input = switch (mux) {
			case 0 -> this.volts[0] - this.volts[1];
			case 1 -> this.volts[0] - this.volts[3];
			case 2 -> this.volts[1] - this.volts[3];
			case 3 -> this.volts[2] - this.volts[3];
			default -> this.volts[mux - 4];
		};
		long code = Math.round(input / range * 32768);
		this.pendingCode = (int) Math.max(-32768, Math.min(32767, code)) & 0xFFFF;
		this.converting = true;
		this.doneAtNanos = System.nanoTime() + 1_000_000_000L / RATES[(this.config >> 5) & 0x7];
	}

	private void settle() {
		if (this.converting && System.nanoTime() >= this.doneAtNanos) {
			this.conversion = this.pendingCode;
			this.converting = false;
		}
	}

}
