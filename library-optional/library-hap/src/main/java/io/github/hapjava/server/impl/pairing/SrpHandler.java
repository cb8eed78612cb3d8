package io.github.hapjava.server.impl.pairing;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

import com.nimbusds.srp6.SRP6CryptoParams;
import com.nimbusds.srp6.SRP6VerifierGenerator;
import com.nimbusds.srp6.XRoutineWithUserIdentity;
import io.github.hapjava.server.impl.http.HttpResponse;
import io.github.hapjava.server.impl.pairing.HomekitSRP6ServerSession.State;
import io.github.hapjava.server.impl.pairing.PairSetupRequest.SRPVerifyRequest;
import io.github.hapjava.server.impl.pairing.TypeLengthValueUtils.Encoder;
import io.github.hapjava.server.impl.responses.ConflictResponse;
import io.github.hapjava.server.impl.responses.NotFoundResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The SRP-6a steps of HAP pair setup (M1 to M4), in place of hap-java 2.0.5's class of
 * the same name, on which it is based (hap-java is MIT-licensed).
 * <p>
 * hap-java writes the server's public value B, the session secret S (hashed into the key
 * K), the client's A and proof M1 (hashed into the server's proof M2) and M2 itself
 * without their leading zero bytes. Controllers keep them at full length: A, B and S at
 * the group's 384 bytes, M1 and M2 at SHA-512's 64, as RFC 5054 pads them. Whenever one
 * of them starts with a zero byte, about one pair setup in 64, the two sides compute
 * different proofs or keys and the controller gives up ({@code M4: Proof verification
 * failed}). This class pads them; {@link PaddedClientEvidenceRoutine} and
 * {@link PaddedServerEvidenceRoutine} compute the proofs over the padded values. The salt
 * stays as hap-java sends it, since the verifier hashes the same bytes.
 * <p>
 * It must come before hap-java on the class path, as library-hap's ChaCha20-Poly1305
 * classes; {@code HapBridge} checks at start that it is the one loaded. Drop it once
 * hap-java is fixed.
 *
 * @author Library
 */
class SrpHandler {

	/**
	 * Safe 3072-bit prime of RFC 5054, appendix A: HAP's group.
	 */
	static final BigInteger N_3072 = new BigInteger(
			"5809605995369958062791915965639201402176612226902900533702900882779736177890990861472094774477339581147373410185646378328043729800750470098210924487866935059164371588168047540943981644516632755067501626434556398193186628990071248660819361205119793693985433297036118232914410171876807536457391277857011849897410207519105333355801121109356897459426271845471397952675959440793493071628394122780510124618488232602464649876850458861245784240929258426287699705312584509625419513463605155428017165714465363094021609290561084025893662561222573202082865797821865270991145082200656978177192827024538990239969175546190770645685893438011714430426409338676314743571154537142031573004276428701433036381801705308659830751190352946025482059931306571004727362479688415574702596946457770284148435989129632853918392117997472632693078113129886487399347796982772784615865232621289656944284216824611318709764535152507354116344703769998514148343807");

	private static final BigInteger G = BigInteger.valueOf(5);

	private static final String IDENTIFIER = "Pair-Setup";

	/**
	 * Length of A, B and S: the group's modulus in bytes.
	 */
	static final int GROUP_LENGTH = (N_3072.bitLength() + 7) / 8;

	private static final Log logger = LogFactory.getLog(SrpHandler.class);

	private final BigInteger salt;

	private final HomekitSRP6ServerSession session;

	private final SRP6CryptoParams config;

	private final String pin;

	SrpHandler(String pin, BigInteger salt) {
		this.config = new SRP6CryptoParams(N_3072, G, "SHA-512");
		this.session = new HomekitSRP6ServerSession(this.config);
		this.session.setClientEvidenceRoutine(new PaddedClientEvidenceRoutine());
		this.session.setServerEvidenceRoutine(new PaddedServerEvidenceRoutine());
		this.pin = pin;
		this.salt = salt;
	}

	HttpResponse handle(PairSetupRequest request) throws Exception {
		return switch (request.getState()) {
			case 1 -> handleSrpStartRequest();
			case 3 -> handleSrpVerifyRequest((SRPVerifyRequest) request);
			default -> new NotFoundResponse();
		};
	}

	private HttpResponse handleSrpStartRequest() throws Exception {
		if (this.session.getState() != State.INIT) {
			logger.warn("Pair setup M1 received out of order: the SRP session is not at its start");
			return new ConflictResponse();
		}
		SRP6VerifierGenerator verifierGenerator = new SRP6VerifierGenerator(this.config);
		verifierGenerator.setXRoutine(new XRoutineWithUserIdentity());
		BigInteger verifier = verifierGenerator.generateVerifier(this.salt, IDENTIFIER, this.pin);
		Encoder encoder = TypeLengthValueUtils.getEncoder();
		encoder.add(MessageType.STATE, (short) 0x02);
		encoder.add(MessageType.SALT, this.salt);
		encoder.add(MessageType.PUBLIC_KEY, padded(this.session.step1(IDENTIFIER, this.salt, verifier), GROUP_LENGTH));
		return new PairingResponse(encoder.toByteArray());
	}

	private HttpResponse handleSrpVerifyRequest(SRPVerifyRequest request) throws Exception {
		if (this.session.getState() != State.STEP_1) {
			logger.warn("Pair setup M3 received out of order: the SRP session is not after M2");
			return new ConflictResponse();
		}
		BigInteger m2 = this.session.step2(request.getA(), request.getM1());
		Encoder encoder = TypeLengthValueUtils.getEncoder();
		encoder.add(MessageType.STATE, (short) 0x04);
		encoder.add(MessageType.PROOF, padded(m2, this.config.getMessageDigestInstance().getDigestLength()));
		return new PairingResponse(encoder.toByteArray());
	}

	/**
	 * Return the session key K = H(S), S at the group's length.
	 * @return the key
	 */
	byte[] getK() {
		MessageDigest digest = this.session.getCryptoParams().getMessageDigestInstance();
		return digest.digest(padded(this.session.getSessionKey(false), GROUP_LENGTH));
	}

	/**
	 * Return a non-negative integer as big-endian bytes without a sign byte, as
	 * hap-java's other classes expect from this one.
	 * @param i the integer
	 * @return its bytes
	 */
	static byte[] bigIntegerToUnsignedByteArray(BigInteger i) {
		byte[] array = i.toByteArray();
		if (array[0] == 0) {
			array = Arrays.copyOfRange(array, 1, array.length);
		}
		return array;
	}

	/**
	 * Return a non-negative integer as big-endian bytes of a given length, with leading
	 * zero bytes as needed.
	 * @param value the integer
	 * @param length the length
	 * @return the bytes
	 */
	static byte[] padded(BigInteger value, int length) {
		byte[] unsigned = bigIntegerToUnsignedByteArray(value);
		if (unsigned.length > length) {
			throw new IllegalArgumentException(
					"Value of " + unsigned.length + " bytes does not fit in " + length + " bytes");
		}
		byte[] padded = new byte[length];
		System.arraycopy(unsigned, 0, padded, length - unsigned.length, unsigned.length);
		return padded;
	}

}
