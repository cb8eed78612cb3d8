package io.github.hapjava.server.impl.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;

/**
 * ChaCha20-Poly1305 decryption (RFC 8439) of HAP messages, in place of hap-java 2.0.5's
 * class of the same name, for the reason {@link ChachaEncoder} gives.
 *
 * @author Library
 */
public class ChachaDecoder {

	private final byte[] key;

	private final byte[] nonce;

	/**
	 * Create a decoder.
	 * @param key the 256-bit key
	 * @param nonce the 64-bit HAP nonce
	 * @throws IOException never; kept for hap-java's callers
	 */
	public ChachaDecoder(byte[] key, byte[] nonce) throws IOException {
		this.key = key.clone();
		this.nonce = nonce.clone();
	}

	/**
	 * Check a message's tag and decrypt it.
	 * @param receivedMAC the 16-byte tag
	 * @param additionalData the associated data, or {@code null}
	 * @param ciphertext the ciphertext
	 * @return the message
	 * @throws IOException if the tag does not match
	 */
	public byte[] decodeCiphertext(byte[] receivedMAC, byte[] additionalData, byte[] ciphertext) throws IOException {
		try {
			Cipher cipher = HapChaCha20Poly1305.cipher(Cipher.DECRYPT_MODE, this.key, this.nonce);
			if (additionalData != null) {
				cipher.updateAAD(additionalData);
			}
			cipher.update(ciphertext);
			return cipher.doFinal(receivedMAC);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("HAP message failed authentication", ex);
		}
	}

	/**
	 * Check a message's tag and decrypt it.
	 * @param receivedMAC the 16-byte tag
	 * @param ciphertext the ciphertext
	 * @return the message
	 * @throws IOException if the tag does not match
	 */
	public byte[] decodeCiphertext(byte[] receivedMAC, byte[] ciphertext) throws IOException {
		return decodeCiphertext(receivedMAC, null, ciphertext);
	}

}
