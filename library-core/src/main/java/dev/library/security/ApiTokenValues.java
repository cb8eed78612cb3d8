package dev.library.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes and hashes API token values: {@code lib_} followed by 256 random bits in
 * base64url, 47 characters in all. The prefix tells them apart from JWTs at a glance and
 * lets secret scanners find them.
 * <p>
 * Values are hashed with plain SHA-256 rather than a slow password hash such as PBKDF2: a
 * slow hash only helps against guessing low-entropy secrets chosen by people, while these
 * values carry 256 random bits that no amount of hashing speed makes guessable; a slow
 * hash would instead cost every request milliseconds of CPU.
 *
 * @author Library
 */
public final class ApiTokenValues {

	/**
	 * Prefix of every API token value.
	 */
	public static final String PREFIX = "lib_";

	/**
	 * Shortest value accepted when a token is declared in configuration.
	 */
	public static final int MIN_LENGTH = 36;

	/**
	 * Longest value accepted.
	 */
	public static final int MAX_LENGTH = 256;

	private static final Pattern ALLOWED = Pattern.compile("lib_[A-Za-z0-9._~-]+");

	private static final SecureRandom random = new SecureRandom();

	private ApiTokenValues() {
	}

	/**
	 * Return a new random token value.
	 * @return the value
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Whether the given bearer credential is meant as an API token.
	 * @param credential the credential
	 * @return whether it starts with {@link #PREFIX}
	 */
	public static boolean isApiToken(String credential) {
		return credential.startsWith(PREFIX);
	}

	/**
	 * Whether the given value has the shape of an API token: the prefix, then URL-safe
	 * characters, at most {@link #MAX_LENGTH} in all.
	 * @param value the value
	 * @return whether it is well formed
	 */
	public static boolean isWellFormed(String value) {
		return value.length() <= MAX_LENGTH && ALLOWED.matcher(value).matches();
	}

	/**
	 * Return the SHA-256 hash of a token value.
	 * @param value the value
	 * @return the hash as lower-case hexadecimal
	 */
	public static String hash(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	/**
	 * Whether two hashes are equal, in time independent of where they differ.
	 * @param a one hash
	 * @param b the other
	 * @return whether they are equal
	 */
	public static boolean hashesEqual(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

}
