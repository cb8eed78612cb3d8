package dev.library.canbus;

import java.util.HexFormat;

/**
 * A CAN or CAN FD frame.
 *
 * @param id the identifier, 11 or 29 bits
 * @param extended whether the id is a 29-bit (extended) id
 * @param data the payload, up to 8 bytes (64 for CAN FD); empty for a remote request
 * @param fd whether it is a CAN FD frame
 * @param remote whether it is a remote transmission request
 * @param error whether it is an error frame (the id holds the error class)
 * @author Library
 */
public record CanFrame(long id, boolean extended, byte[] data, boolean fd, boolean remote, boolean error) {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	public CanFrame {
		long limit = extended ? 0x1FFF_FFFFL : 0x7FFL;
		if (!error && (id < 0 || id > limit)) {
			throw new IllegalArgumentException(
					"CAN id 0x" + Long.toHexString(id) + " does not fit in " + (extended ? "29" : "11") + " bits");
		}
		if (data.length > (fd ? 64 : 8)) {
			throw new IllegalArgumentException(
					"CAN" + (fd ? " FD" : "") + " frame of " + data.length + " bytes is too long");
		}
	}

	/**
	 * Create a data frame.
	 * @param id the identifier
	 * @param extended whether the id is 29-bit
	 * @param data the payload; more than 8 bytes makes a CAN FD frame
	 * @return the frame
	 */
	public static CanFrame of(long id, boolean extended, byte[] data) {
		return new CanFrame(id, extended, data, data.length > 8, false, false);
	}

	/**
	 * Return the id as candump writes it: 3 hex digits for a standard id, 8 for an
	 * extended one.
	 * @return the id in hex
	 */
	public String idHex() {
		return this.extended ? String.format("%08X", this.id) : String.format("%03X", this.id);
	}

	/**
	 * Return the frame in candump's log notation, {@code 123#0011}, {@code 123##1AABB}
	 * for CAN FD, {@code 123#R} for a remote request.
	 * @return the notation
	 */
	public String toCandump() {
		if (this.remote) {
			return idHex() + "#R";
		}
		return idHex() + (this.fd ? "##0" : "#") + HEX.formatHex(this.data);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CanFrame frame && frame.id == this.id && frame.extended == this.extended
				&& frame.fd == this.fd && frame.remote == this.remote && frame.error == this.error
				&& java.util.Arrays.equals(frame.data, this.data);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.id) * 31 + java.util.Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return toCandump();
	}

}
