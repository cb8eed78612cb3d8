package io.github.hapjava.server.impl.pairing;

import java.math.BigInteger;
import java.security.MessageDigest;

import com.nimbusds.srp6.SRP6CryptoParams;
import com.nimbusds.srp6.SRP6ServerEvidenceContext;
import com.nimbusds.srp6.ServerEvidenceRoutine;

/**
 * The accessory's proof as HAP controllers check it:
 * {@code M2 = H(PAD(A) | PAD(M1) | H(PAD(S)))}, A and S at the group's length, M1 at the
 * digest's.
 *
 * @author Library
 * @see SrpHandler
 */
final class PaddedServerEvidenceRoutine implements ServerEvidenceRoutine {

	@Override
	public BigInteger computeServerEvidence(SRP6CryptoParams cryptoParams, SRP6ServerEvidenceContext ctx) {
		MessageDigest digest = cryptoParams.getMessageDigestInstance();
		byte[] k = digest.digest(SrpHandler.padded(ctx.S, SrpHandler.GROUP_LENGTH));
		digest.update(SrpHandler.padded(ctx.A, SrpHandler.GROUP_LENGTH));
		digest.update(SrpHandler.padded(ctx.M1, digest.getDigestLength()));
		digest.update(k);
		return new BigInteger(1, digest.digest());
	}

}
