package dev.library.canbus.slcan;

import java.util.HexFormat;

import dev.library.canbus.CanFrame;
import org.jspecify.annotations.Nullable;

/**
 * The frame commands of SLCAN (Lawicel): {@code tiiildd..} (11-bit id),
 * {@code Tiiiiiiiildd..} (29-bit id), {@code riiil}/{@code Riiiiiiiil} (remote requests),
 * and the CAN FD extension {@code d}/{@code D} (data length code 0-F), each followed by
 * an optional 4-digit timestamp and ended by CR.
 *
 * @author Library
 */
public final class SlcanCodec {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	private static final int[] FD_LENGTHS = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };

	/** SLCAN bitrate commands S0 to S8, by bitrate. */
	private static final int[] BITRATES = { 10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000,
			1_000_000 };

	private SlcanCodec() {
	}

	/**
	 * Return the command that sets a bitrate, {@code S0} to {@code S8}.
	 * @param bitrate the bitrate in bit/s
	 * @return the command, without CR
	 * @throws IllegalArgumentException if SLCAN has no code for the bitrate
	 */
	public static String bitrateCommand(int bitrate) {
		for (int i = 0; i < BITRATES.length; i++) {
			if (BITRATES[i] == bitrate) {
				return "S" + i;
			}
		}
		throw new IllegalArgumentException("SLCAN has no bitrate " + bitrate + " (10000, 20000, 50000, 100000, 125000, "
				+ "250000, 500000, 800000 or 1000000)");
	}

	/**
	 * Encode a frame as a transmit command.
	 * @param frame the frame
	 * @return the command, without CR
	 */
	public static String encode(CanFrame frame) {
		StringBuilder line = new StringBuilder(5 + 2 * frame.data().length + 8);
		char command = frame.remote() ? 'r' : (frame.fd() ? 'd' : 't');
		line.append(frame.extended() ? Character.toUpperCase(command) : command);
		line.append(frame.idHex());
		if (frame.fd()) {
			line.append(HEX.toHexDigits((byte) fdCode(frame.data().length)).charAt(1));
		}
		else {
			line.append(frame.data().length);
		}
		if (!frame.remote()) {
			line.append(HEX.formatHex(frame.data()));
		}
		return line.toString();
	}

	private static int fdCode(int length) {
		for (int i = 0; i < FD_LENGTHS.length; i++) {
			if (FD_LENGTHS[i] >= length) {
				return i;
			}
		}
		throw new IllegalArgumentException("CAN FD frame of " + length + " bytes");
	}

	/**
	 * Decode a received frame.
	 * @param line the line without CR
	 * @return the frame, or {@code null} if the line is not a frame (an acknowledgement,
	 * a status answer)
	 * @throws IllegalArgumentException if the line is a malformed frame
	 */
	public static @Nullable CanFrame decode(String line) {
		if (line.isEmpty()) {
			return null;
		}
		char command = line.charAt(0);
		boolean extended = Character.isUpperCase(command);
		boolean remote = command == 'r' || command == 'R';
		boolean fd = command == 'd' || command == 'D' || command == 'b' || command == 'B';
		if (!(command == 't' || command == 'T' || remote || fd)) {
			return null;
		}
		int idDigits = extended ? 8 : 3;
		if (line.length() < 1 + idDigits + 1) {
			throw new IllegalArgumentException("SLCAN frame '" + line + "' is too short");
		}
		long id = HEX.fromHexDigitsToLong(line, 1, 1 + idDigits);
		int code = HEX.fromHexDigits(line, 1 + idDigits, 2 + idDigits);
		int length = fd ? FD_LENGTHS[code] : code;
		if (!fd && length > 8) {
			throw new IllegalArgumentException("SLCAN frame '" + line + "' has length " + length);
		}
		int dataStart = 2 + idDigits;
		if (remote) {
			return new CanFrame(id, extended, new byte[0], false, true, false);
		}
		int dataEnd = dataStart + 2 * length;
		// After the data may come a 4-digit timestamp.
		if (line.length() != dataEnd && line.length() != dataEnd + 4) {
			throw new IllegalArgumentException("SLCAN frame '" + line + "' does not hold " + length + " bytes");
		}
		return new CanFrame(id, extended, HEX.parseHex(line, dataStart, dataEnd), fd, false, false);
	}

}
