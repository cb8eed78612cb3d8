package dev.library.i2c.emulation;

/**
 * EMULATION of a Sensirion SHT31 (datasheet "SHT3x-DIS"). Single-shot commands without
 * clock stretching (4.3, table 9: 0x2400, 0x240B, 0x2416) start a measurement that takes
 * the typical duration (table 4: 12.5, 4.5, 2.5 ms); a read header before it is done is
 * not acknowledged (4.4); once done, a read returns temperature MSB, LSB, CRC, humidity
 * MSB, LSB, CRC (4.5) with the CRC-8 of 4.12, and the data is gone after it was read.
 *
 * @author Library
 */
public class EmulatedSht31 implements EmulatedChip {

	private double temperature = 21.5;

	private double humidity = 45.0;

	private long readyAtNanos;

	private boolean measuring;

	private boolean corruptNext;

	private boolean corruptAlways;

	@Override
	public synchronized void write(byte[] frame) {
		if (frame.length != 2) {
			throw new NackException("SHT31 commands are 16 bits");
		}
		int command = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
		long micros = switch (command) {
			case 0x2400 -> 12_500;
			case 0x240B -> 4_500;
			case 0x2416 -> 2_500;
			default -> throw new NackException(String.format("SHT31 command 0x%04x not emulated", command));
		};
		this.measuring = true;
		this.readyAtNanos = System.nanoTime() + micros * 1000;
	}

	@Override
	public synchronized byte[] read(int length) {
		if (!this.measuring || System.nanoTime() < this.readyAtNanos) {
			throw new NackException("SHT31 read header not acknowledged: no measurement ready");
		}
		this.measuring = false;
		int t = (int) Math.round((this.temperature + 45) / 175 * 65535);
		int rh = (int) Math.round(this.humidity / 100 * 65535);
		byte[] frame = { (byte) (t >> 8), (byte) t, 0, (byte) (rh >> 8), (byte) rh, 0 };
		frame[2] = (byte) crc8(frame, 0);
		frame[5] = (byte) crc8(frame, 3);
		if (this.corruptNext || this.corruptAlways) {
			this.corruptNext = false;
			frame[2] ^= 0x01;
			frame[5] ^= 0x01;
		}
		byte[] answer = new byte[length];
		System.arraycopy(frame, 0, answer, 0, Math.min(length, frame.length));
		return answer;
	}

	/**
	 * Set what the sensor measures.
	 * @param celsius the temperature
	 * @param percent the relative humidity
	 */
	public synchronized void climate(double celsius, double percent) {
		this.temperature = celsius;
		this.humidity = percent;
	}

	/**
	 * Flip a bit of both CRCs of the next answer, as noise on the bus would.
	 */
	public synchronized void corruptNextCrc() {
		this.corruptNext = true;
	}

	/**
	 * Flip a bit of both CRCs of every answer from now on, or stop.
	 * @param corrupt whether to corrupt
	 */
	public synchronized void corruptCrc(boolean corrupt) {
		this.corruptAlways = corrupt;
	}

	/**
	 * The CRC-8 of datasheet 4.12, written independently of the driver's.
	 * @param data the frame
	 * @param offset the first of two bytes
	 * @return the CRC
	 */
	static int crc8(byte[] data, int offset) {
		int crc = 0xFF;
		for (int i = offset; i < offset + 2; i++) {
			crc ^= data[i] & 0xFF;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x80) != 0) ? (crc << 1) ^ 0x131 : crc << 1;
			}
		}
		return crc & 0xFF;
	}

}
