package dev.library.canbus.candump;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

import dev.library.canbus.CanFrame;
import org.jspecify.annotations.Nullable;

/**
 * Reads lines of candump output in its formats: the log format of {@code -l} and
 * {@code -L} ({@code (1594172461.968006) can0 123#0011AABB}, with an optional
 * {@code T}/{@code R} direction, CAN FD {@code 123##1AABB}, remote {@code 123#R}), and
 * the default screen format ({@code   can0  123   [4]  00 11 AA BB}, with or without a
 * timestamp). 29-bit ids are those written with 8 hex digits; ids with the error flag
 * (0x20000000) and screen {@code ERROR} lines are error frames. Comments ({@code #}) and
 * blank lines are skipped, CR line ends are ignored.
 *
 * @author Library
 */
public final class CandumpFormat {

	private static final long ERROR_FLAG = 0x2000_0000L;

	private static final HexFormat HEX = HexFormat.of();

	private static final DateTimeFormatter ABSOLUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private CandumpFormat() {
	}

	/**
	 * Read one line.
	 * @param source the name of the log, for error messages
	 * @param lineNumber the line number, from 1, for error messages
	 * @param line the line
	 * @return the frame, or {@code null} for a comment or blank line
	 * @throws CandumpFormatException if the line is in none of the formats
	 */
	public static @Nullable LoggedFrame parse(String source, int lineNumber, String line) {
		String text = line.strip();
		if (text.isEmpty() || text.startsWith("#")) {
			return null;
		}
		try {
			Long timestamp = null;
			if (text.startsWith("(")) {
				int close = text.indexOf(')');
				if (close < 0) {
					throw new IllegalArgumentException("timestamp has no ')'");
				}
				timestamp = timestamp(text.substring(1, close).strip());
				text = text.substring(close + 1).strip();
			}
			String[] fields = text.split("\\s+");
			if (fields.length < 2) {
				throw new IllegalArgumentException("expected an interface and a frame");
			}
			String interfaceName = fields[0];
			if (fields[1].contains("#")) {
				return new LoggedFrame(timestamp, interfaceName, logFrame(fields[1]));
			}
			return new LoggedFrame(timestamp, interfaceName, screenFrame(fields));
		}
		catch (IllegalArgumentException | java.time.DateTimeException ex) {
			throw new CandumpFormatException(source, lineNumber, ex.getMessage() + " in '" + line.strip() + "'");
		}
	}

	private static long timestamp(String text) {
		if (text.contains(":")) {
			int dot = text.indexOf('.');
			String whole = (dot < 0) ? text : text.substring(0, dot);
			long seconds = LocalDateTime.parse(whole, ABSOLUTE).toEpochSecond(ZoneOffset.UTC);
			return seconds * 1_000_000_000L + ((dot < 0) ? 0 : fraction(text.substring(dot + 1)));
		}
		int dot = text.indexOf('.');
		long seconds = Long.parseLong((dot < 0) ? text : text.substring(0, dot));
		return seconds * 1_000_000_000L + ((dot < 0) ? 0 : fraction(text.substring(dot + 1)));
	}

	private static long fraction(String digits) {
		if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException("bad timestamp fraction '" + digits + "'");
		}
		return Long.parseLong((digits + "000000000").substring(0, 9));
	}

	private static CanFrame logFrame(String text) {
		int hash = text.indexOf('#');
		String idText = text.substring(0, hash);
		long id = id(idText);
		boolean extended = idText.length() > 3;
		if (extended && (id & ERROR_FLAG) != 0) {
			return new CanFrame(id & 0x1FFF_FFFFL, true, bytes(text.substring(hash + 1)), false, false, true);
		}
		String rest = text.substring(hash + 1);
		if (rest.startsWith("#")) {
			// CAN FD: one hex digit of flags, then the data.
			if (rest.length() < 2) {
				throw new IllegalArgumentException("CAN FD frame without flags");
			}
			return new CanFrame(id, extended, bytes(rest.substring(2)), true, false, false);
		}
		if (rest.startsWith("R") || rest.startsWith("r")) {
			return new CanFrame(id, extended, new byte[0], false, true, false);
		}
		// More than 8 bytes after a single '#' (cantools' own test logs have them): CAN
		// FD.
		return CanFrame.of(id, extended, bytes(rest));
	}

	private static CanFrame screenFrame(String[] fields) {
		if (fields[1].equals("ERROR")) {
			return new CanFrame(0, false, new byte[0], false, false, true);
		}
		if (fields.length < 3 || !fields[2].startsWith("[") || !fields[2].endsWith("]")) {
			throw new IllegalArgumentException("expected id#data or 'id [length] bytes'");
		}
		long id = id(fields[1]);
		boolean extended = fields[1].length() > 3;
		int length = Integer.parseInt(fields[2].substring(1, fields[2].length() - 1));
		if (fields.length > 3 && fields[3].equals("remote")) {
			return new CanFrame(id, extended, new byte[0], false, true, false);
		}
		if (fields.length < 3 + length) {
			throw new IllegalArgumentException("expected " + length + " data bytes");
		}
		byte[] data = new byte[length];
		for (int i = 0; i < length; i++) {
			String octet = fields[3 + i];
			if (octet.length() != 2) {
				throw new IllegalArgumentException("bad data byte '" + octet + "'");
			}
			data[i] = (byte) HEX.fromHexDigits(octet);
		}
		if (extended && (id & ERROR_FLAG) != 0) {
			return new CanFrame(id & 0x1FFF_FFFFL, true, data, false, false, true);
		}
		return new CanFrame(id, extended, data, length > 8, false, false);
	}

	private static long id(String text) {
		if (text.isEmpty() || (text.length() > 3 && text.length() != 8)) {
			throw new IllegalArgumentException("bad CAN id '" + text + "'");
		}
		return HEX.fromHexDigitsToLong(text);
	}

	private static byte[] bytes(String text) {
		String digits = text.replace(".", "");
		if ((digits.length() & 1) != 0) {
			throw new IllegalArgumentException("odd number of hex digits in '" + text + "'");
		}
		return HEX.parseHex(digits);
	}

}
