package dev.library.observability.alarm.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * The HMAC-SHA256 signature of a webhook notification, sent in the {@value #HEADER}
 * header as {@code t=<unix seconds>,v1=<hex>}: the MAC of the timestamp, a dot and the
 * exact body bytes. Binding the timestamp lets a receiver refuse replays of old
 * deliveries; comparing in constant time ({@link #verify}) keeps the MAC from leaking
 * through timing.
 *
 * @author Library
 */
public final class WebhookSignature {

	/**
	 * The header that carries the signature.
	 */
	public static final String HEADER = "Library-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private final byte[] key;

	/**
	 * Create a new instance.
	 * @param key the shared signing key, at least 16 bytes
	 */
	public WebhookSignature(byte[] key) {
		Assert.isTrue(key.length >= 16, "A webhook signing key must be at least 16 bytes");
		this.key = key.clone();
	}

	/**
	 * Return the header value for a body sent at a time.
	 * @param epochSeconds the time of sending, in Unix seconds
	 * @param body the exact body bytes
	 * @return the header value
	 */
	public String sign(long epochSeconds, byte[] body) {
		return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac(epochSeconds, body));
	}

	/**
	 * Check a header value against a received body.
	 * @param header the header value
	 * @param body the exact body bytes received
	 * @return whether the header is well-formed and its MAC matches
	 */
	public boolean verify(String header, byte[] body) {
		long epochSeconds = -1;
		byte[] given = null;
		for (String part : header.split(",")) {
			if (part.startsWith("t=")) {
				try {
					epochSeconds = Long.parseLong(part.substring(2));
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
			else if (part.startsWith("v1=")) {
				try {
					given = HexFormat.of().parseHex(part.substring(3));
				}
				catch (IllegalArgumentException ex) {
					return false;
				}
			}
		}
		return epochSeconds >= 0 && given != null && MessageDigest.isEqual(given, mac(epochSeconds, body));
	}

	private byte[] mac(long epochSeconds, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(this.key, ALGORITHM));
			mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "WebhookSignature[HmacSHA256, key hidden]";
	}

}
