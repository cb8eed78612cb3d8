package io.github.hapjava.server.impl.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;

/**
 * ChaCha20-Poly1305 encryption (RFC 8439) of HAP messages, in place of hap-java 2.0.5's
 * class of the same name. hap-java lays out the Poly1305 key the way Bouncy Castle 1.51
 * wanted it; Bouncy Castle 1.52 and later (the platform's bcprov-jdk18on) want the RFC
 * layout, so hap-java's own class computes wrong tags and no controller can pair. This
 * one uses the JDK's {@code ChaCha20-Poly1305} cipher. It must come before hap-java on
 * the class path (library-hap does, as hap-java's dependant); {@code HapBridge} checks it
 * with a known answer at start. Drop it once hap-java is fixed.
 *
 * @author Library
 */
public class ChachaEncoder {

	private final byte[] key;

	private final byte[] nonce;

	/**
	 * Create an encoder.
	 * @param key the 256-bit key
	 * @param nonce the 64-bit HAP nonce (a message counter or a label such as
	 * {@code PS-Msg06})
	 * @throws IOException never; kept for hap-java's callers
	 */
	public ChachaEncoder(byte[] key, byte[] nonce) throws IOException {
		this.key = key.clone();
		this.nonce = nonce.clone();
	}

	/**
	 * Encrypt a message.
	 * @param plaintext the message
	 * @return the ciphertext followed by the 16-byte tag
	 * @throws IOException if the JDK cannot encrypt
	 */
	public byte[] encodeCiphertext(byte[] plaintext) throws IOException {
		return encodeCiphertext(plaintext, null);
	}

	/**
	 * Encrypt a message with associated data.
	 * @param plaintext the message
	 * @param additionalData the associated data, or {@code null}
	 * @return the ciphertext followed by the 16-byte tag
	 * @throws IOException if the JDK cannot encrypt
	 */
	public byte[] encodeCiphertext(byte[] plaintext, byte[] additionalData) throws IOException {
		try {
			Cipher cipher = HapChaCha20Poly1305.cipher(Cipher.ENCRYPT_MODE, this.key, this.nonce);
			if (additionalData != null) {
				cipher.updateAAD(additionalData);
			}
			return cipher.doFinal(plaintext);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("ChaCha20-Poly1305 encryption failed", ex);
		}
	}

}
