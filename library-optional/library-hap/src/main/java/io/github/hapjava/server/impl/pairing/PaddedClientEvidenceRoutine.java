package io.github.hapjava.server.impl.pairing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.nimbusds.srp6.ClientEvidenceRoutine;
import com.nimbusds.srp6.SRP6ClientEvidenceContext;
import com.nimbusds.srp6.SRP6CryptoParams;

/**
 * The controller's proof that the accessory expects, as HAP controllers compute it:
 * {@code M1 = H(H(N) xor H(g) | H(I) | s | PAD(A) | PAD(B) | H(PAD(S)))}, A, B and S at
 * the group's length, the salt as sent.
 *
 * @author Library
 * @see SrpHandler
 */
final class PaddedClientEvidenceRoutine implements ClientEvidenceRoutine {

	@Override
	public BigInteger computeClientEvidence(SRP6CryptoParams cryptoParams, SRP6ClientEvidenceContext ctx) {
		MessageDigest digest = cryptoParams.getMessageDigestInstance();
		byte[] hN = digest.digest(SrpHandler.bigIntegerToUnsignedByteArray(cryptoParams.N));
		byte[] hg = digest.digest(SrpHandler.bigIntegerToUnsignedByteArray(cryptoParams.g));
		for (int i = 0; i < hN.length; i++) {
			hN[i] ^= hg[i];
		}
		byte[] hI = digest.digest(ctx.userID.getBytes(StandardCharsets.UTF_8));
		byte[] k = digest.digest(SrpHandler.padded(ctx.S, SrpHandler.GROUP_LENGTH));
		digest.update(hN);
		digest.update(hI);
		digest.update(SrpHandler.bigIntegerToUnsignedByteArray(ctx.s));
		digest.update(SrpHandler.padded(ctx.A, SrpHandler.GROUP_LENGTH));
		digest.update(SrpHandler.padded(ctx.B, SrpHandler.GROUP_LENGTH));
		digest.update(k);
		return new BigInteger(1, digest.digest());
	}

}
