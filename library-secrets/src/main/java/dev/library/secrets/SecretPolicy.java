package dev.library.secrets;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * How a rotated value is generated: a number of characters drawn uniformly, with a
 * {@link SecureRandom}, from an alphabet.
 *
 * @param length the number of characters
 * @param alphabet the characters to draw from, without repeats
 * @author Library
 */
public record SecretPolicy(int length, String alphabet) {

	/**
	 * Letters and digits.
	 */
	public static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom random = new SecureRandom();

	public SecretPolicy {
		if (length < 8 || length > 4096) {
			throw new IllegalArgumentException("A generated secret is 8 to 4096 characters long");
		}
		if (alphabet.chars().distinct().count() < 2 || alphabet.chars().distinct().count() != alphabet.length()) {
			throw new IllegalArgumentException("An alphabet holds at least 2 characters, none repeated");
		}
	}

	/**
	 * Generate a value.
	 * @return a fresh value
	 */
	public SecretValue generate() {
		char[] chars = new char[this.length];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = this.alphabet.charAt(random.nextInt(this.alphabet.length()));
		}
		SecretValue value = SecretValue.ofChars(chars);
		Arrays.fill(chars, '\0');
		return value;
	}

	@Override
	public String toString() {
		return "SecretPolicy[length=" + this.length + ", alphabet of " + this.alphabet.length() + "]";
	}

}
