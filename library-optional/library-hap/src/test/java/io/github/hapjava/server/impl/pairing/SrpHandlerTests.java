package io.github.hapjava.server.impl.pairing;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import io.github.hapjava.server.impl.http.HttpResponse;
import io.github.hapjava.server.impl.pairing.TypeLengthValueUtils.DecodeResult;
import io.github.hapjava.server.impl.pairing.TypeLengthValueUtils.Encoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for library-hap's {@link SrpHandler}: pair setup M1 to M4 against a controller
 * that computes SRP as HAP controllers do (the formulas of fast-srp-hap, which the npm
 * {@code hap-controller} of the integration tests uses): A, B and S padded to 384 bytes,
 * M1 and M2 to 64. hap-java's own handler fails about one of these exchanges in 64.
 *
 * @author Library
 */
class SrpHandlerTests {

	private static final String PIN = "031-45-154";

	private static final BigInteger N = SrpHandler.N_3072;

	private static final BigInteger G = BigInteger.valueOf(5);

	private final SecureRandom random = new SecureRandom();

	@Test
	void everyPairSetupShouldAgreeOnProofsAndKeyEvenWithLeadingZeroBytes() throws Exception {
		int leadingZeroA = 0;
		int leadingZeroS = 0;
		int leadingZeroM1 = 0;
		int leadingZeroM2 = 0;
		for (int i = 0; i < 400; i++) {
			Exchange exchange = pairSetup(i == 0);
			assertThat(exchange.m2).as("M2 of exchange %d", i).isEqualTo(exchange.expectedM2);
			assertThat(exchange.accessoryKey).as("K of exchange %d", i).isEqualTo(exchange.controllerKey);
			leadingZeroA += (exchange.a[0] == 0) ? 1 : 0;
			leadingZeroS += (exchange.s[0] == 0) ? 1 : 0;
			leadingZeroM1 += (exchange.m1[0] == 0) ? 1 : 0;
			leadingZeroM2 += (exchange.expectedM2[0] == 0) ? 1 : 0;
		}
		assertThat(leadingZeroA).as("exchanges whose A starts with a zero byte").isPositive();
		// S, M1 and M2 start with a zero byte about 1.6 times each in 400 exchanges: all
		// three missing happens about one run in 100, so only their sum is required
		assertThat(leadingZeroS + leadingZeroM1 + leadingZeroM2).as("exchanges with S, M1 or M2 starting with zero")
			.isPositive();
	}

	private Exchange pairSetup(boolean aWithLeadingZero) throws Exception {
		MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
		BigInteger salt = new BigInteger(1, bytes(16));
		SrpHandler handler = new SrpHandler(PIN, salt);
		DecodeResult m2 = TypeLengthValueUtils.decode(body(handler.handle(PairSetupRequest.of(m1Request()))));
		byte[] s = m2.getBytes(MessageType.SALT);
		byte[] b = m2.getBytes(MessageType.PUBLIC_KEY);
		assertThat(b).as("B at the group's length").hasSize(SrpHandler.GROUP_LENGTH);
		BigInteger privateA;
		BigInteger publicA;
		do {
			privateA = new BigInteger(1, bytes(32));
			publicA = G.modPow(privateA, N);
		}
		while (aWithLeadingZero && publicA.bitLength() > SrpHandler.GROUP_LENGTH * 8 - 8);
		byte[] a = pad(publicA);
		BigInteger k = new BigInteger(1, hash(sha512, pad(N), pad(G)));
		BigInteger x = new BigInteger(1,
				hash(sha512, s, hash(sha512, ("Pair-Setup:" + PIN).getBytes(StandardCharsets.UTF_8))));
		BigInteger u = new BigInteger(1, hash(sha512, a, pad(new BigInteger(1, b))));
		BigInteger publicB = new BigInteger(1, b);
		BigInteger secret = publicB.subtract(k.multiply(G.modPow(x, N))).mod(N).modPow(privateA.add(u.multiply(x)), N);
		byte[] sBytes = pad(secret);
		byte[] key = hash(sha512, sBytes);
		byte[] hN = hash(sha512, SrpHandler.bigIntegerToUnsignedByteArray(N));
		byte[] hG = hash(sha512, SrpHandler.bigIntegerToUnsignedByteArray(G));
		for (int i = 0; i < hN.length; i++) {
			hN[i] ^= hG[i];
		}
		byte[] m1 = hash(sha512, hN, hash(sha512, "Pair-Setup".getBytes(StandardCharsets.UTF_8)), s, a, b, key);
		Encoder m3 = TypeLengthValueUtils.getEncoder();
		m3.add(MessageType.STATE, (short) 3);
		m3.add(MessageType.PUBLIC_KEY, a);
		m3.add(MessageType.PROOF, m1);
		DecodeResult m4 = TypeLengthValueUtils.decode(body(handler.handle(PairSetupRequest.of(m3.toByteArray()))));
		return new Exchange(a, sBytes, m1, m4.getBytes(MessageType.PROOF), hash(sha512, a, m1, key), handler.getK(),
				key);
	}

	private static byte[] m1Request() throws Exception {
		Encoder m1 = TypeLengthValueUtils.getEncoder();
		m1.add(MessageType.STATE, (short) 1);
		m1.add(MessageType.METHOD, (short) 0);
		return m1.toByteArray();
	}

	private static byte[] body(HttpResponse response) {
		ByteBuffer body = response.getBody();
		byte[] bytes = new byte[body.remaining()];
		body.get(bytes);
		return bytes;
	}

	private static byte[] hash(MessageDigest digest, byte[]... parts) {
		for (byte[] part : parts) {
			digest.update(part);
		}
		return digest.digest();
	}

	private static byte[] pad(BigInteger value) {
		return SrpHandler.padded(value, SrpHandler.GROUP_LENGTH);
	}

	private byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private record Exchange(byte[] a, byte[] s, byte[] m1, byte[] m2, byte[] expectedM2, byte[] accessoryKey,
			byte[] controllerKey) {

	}

}
