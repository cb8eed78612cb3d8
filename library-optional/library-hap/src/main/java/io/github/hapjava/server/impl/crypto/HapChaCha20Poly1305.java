package io.github.hapjava.server.impl.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's ChaCha20-Poly1305 with HAP's 64-bit nonces (RFC 8439 takes 96 bits: HAP's
 * nonce is the last 64, after 32 zero bits).
 *
 * @author Library
 */
final class HapChaCha20Poly1305 {

	private HapChaCha20Poly1305() {
	}

	static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
		byte[] iv = new byte[12];
		System.arraycopy(nonce, 0, iv, 12 - nonce.length, nonce.length);
		Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
		cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(iv));
		return cipher;
	}

}
