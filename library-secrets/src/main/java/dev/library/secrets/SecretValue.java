package dev.library.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret value: its bytes, held apart from anything that prints. {@link #toString()} is
 * redacted, so that a value passed to a logger or an exception message by mistake never
 * shows; the bytes are handed out only by {@link #bytes()} and {@link #chars()}, each a
 * fresh copy the caller may wipe.
 *
 * @author Library
 */
public final class SecretValue {

	private static final String REDACTED = "SecretValue[redacted]";

	private final byte[] bytes;

	private SecretValue(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * Return a value holding a copy of the given bytes.
	 * @param bytes the bytes
	 * @return the value
	 */
	public static SecretValue ofBytes(byte[] bytes) {
		return new SecretValue(bytes.clone());
	}

	/**
	 * Return a value holding the UTF-8 encoding of the given characters.
	 * @param chars the characters
	 * @return the value
	 */
	public static SecretValue ofChars(char[] chars) {
		ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
		byte[] bytes = new byte[encoded.remaining()];
		encoded.get(bytes);
		if (encoded.hasArray()) {
			Arrays.fill(encoded.array(), (byte) 0);
		}
		return new SecretValue(bytes);
	}

	/**
	 * Return a value holding the UTF-8 encoding of the given string.
	 * @param value the string
	 * @return the value
	 */
	public static SecretValue ofString(String value) {
		return new SecretValue(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return a copy of the bytes.
	 * @return the bytes
	 */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	/**
	 * Return a copy of the value decoded as UTF-8.
	 * @return the characters
	 */
	public char[] chars() {
		CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(this.bytes));
		char[] chars = new char[decoded.remaining()];
		decoded.get(chars);
		return chars;
	}

	/**
	 * Return the number of bytes.
	 * @return the length in bytes
	 */
	public int length() {
		return this.bytes.length;
	}

	/**
	 * Whether this value holds the same bytes as another, compared in constant time.
	 * @param other the other value
	 * @return whether both are equal
	 */
	public boolean sameAs(SecretValue other) {
		return MessageDigest.isEqual(this.bytes, other.bytes);
	}

	/**
	 * Overwrite the bytes with zeros; the value is empty afterwards.
	 */
	public void wipe() {
		Arrays.fill(this.bytes, (byte) 0);
	}

	@Override
	public String toString() {
		return REDACTED;
	}

}
