package dev.library.kafka;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signature of a command record: computed over the principal's name in
 * UTF-8, one line feed, and the record's value, with a shared secret, and sent in
 * lowercase hexadecimal in the {@value #SIGNATURE_HEADER} header beside the principal in
 * {@value #PRINCIPAL_HEADER}.
 *
 * @author Library
 */
public class CommandSignature {

	/**
	 * Header naming who sends the command.
	 */
	public static final String PRINCIPAL_HEADER = "library-principal";

	/**
	 * Header holding the signature.
	 */
	public static final String SIGNATURE_HEADER = "library-signature";

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * Create a signature with a shared secret.
	 * @param secret the secret
	 */
	public CommandSignature(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/**
	 * Sign a command.
	 * @param principal who sends it
	 * @param value the record's value
	 * @return the signature, in lowercase hexadecimal
	 */
	public String sign(String principal, byte[] value) {
		return HexFormat.of().formatHex(mac(principal, value));
	}

	/**
	 * Check a signature, in constant time.
	 * @param principal who claims to send it
	 * @param value the record's value
	 * @param signature the signature received, in hexadecimal
	 * @return whether it was made with the secret over this principal and value
	 */
	public boolean verify(String principal, byte[] value, String signature) {
		byte[] received;
		try {
			received = HexFormat.of().parseHex(signature.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(mac(principal, value), received);
	}

	private byte[] mac(String principal, byte[] value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			mac.update(principal.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			return mac.doFinal(value);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
