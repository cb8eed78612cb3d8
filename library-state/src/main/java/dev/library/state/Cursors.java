package dev.library.state;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.library.core.web.InvalidParameterException;

/**
 * Opaque page cursors: a key or a sequence, base64url-encoded with a kind marker so that
 * a cursor of one endpoint is refused by the other. Public for other {@link StateStore}
 * implementations, whose cursors must be those of {@link DefaultStateStore}.
 *
 * @author Library
 */
public final class Cursors {

	private static final String PARAMETER = "cursor";

	private Cursors() {
	}

	/**
	 * Return the cursor of a page of values that ends with a key.
	 * @param key the last key of the page
	 * @return the cursor
	 */
	public static String key(String key) {
		return encode("k:" + key);
	}

	/**
	 * Return the cursor of a page of changes that ends with a sequence.
	 * @param sequence the last sequence of the page
	 * @return the cursor
	 */
	public static String sequence(long sequence) {
		return encode("s:" + sequence);
	}

	/**
	 * Return the key a cursor of {@link #key(String)} holds.
	 * @param cursor the cursor
	 * @return the key
	 * @throws InvalidParameterException if the cursor is not such a cursor
	 */
	public static String decodeKey(String cursor) {
		String decoded = decode(cursor);
		if (decoded != null && decoded.startsWith("k:")) {
			String key = decoded.substring(2);
			try {
				return StateKeys.validate(key);
			}
			catch (InvalidStateKeyException ex) {
				// answered below
			}
		}
		throw invalid();
	}

	/**
	 * Return the sequence a cursor of {@link #sequence(long)} holds.
	 * @param cursor the cursor
	 * @return the sequence
	 * @throws InvalidParameterException if the cursor is not such a cursor
	 */
	public static long decodeSequence(String cursor) {
		String decoded = decode(cursor);
		if (decoded != null && decoded.startsWith("s:")) {
			try {
				long sequence = Long.parseLong(decoded.substring(2));
				if (sequence >= 0) {
					return sequence;
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
		}
		throw invalid();
	}

	private static String encode(String value) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String cursor) {
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static InvalidParameterException invalid() {
		return new InvalidParameterException(PARAMETER,
				"Query parameter 'cursor' is not a cursor returned by this endpoint; omit it for the first page");
	}

}
