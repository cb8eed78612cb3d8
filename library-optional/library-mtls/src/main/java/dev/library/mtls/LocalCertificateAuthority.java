package dev.library.mtls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority held in memory that issues server and client certificates with
 * EC P-256 keys, written as PEM files like cert-manager writes them. Backs the
 * development mode ({@code library.mtls.dev-ca}) and the tests; never a production CA.
 *
 * @author Library
 */
public final class LocalCertificateAuthority {

	private static final SecureRandom random = new SecureRandom();

	private final IssuedCertificate ca;

	private LocalCertificateAuthority(IssuedCertificate ca) {
		this.ca = ca;
	}

	/**
	 * Create a self-signed CA.
	 * @param commonName its subject's common name
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @return the CA
	 */
	public static LocalCertificateAuthority create(String commonName, Instant notBefore, Instant notAfter) {
		KeyPair keys = generateKeys();
		X500Principal subject = new X500Principal("CN=" + commonName);
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
				Date.from(notAfter), subject, keys.getPublic());
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
		}
		catch (CertIOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not create the CA certificate", ex);
		}
		return new LocalCertificateAuthority(
				new IssuedCertificate(sign(builder, keys.getPrivate()), keys.getPrivate()));
	}

	/**
	 * Return the CA's own certificate and key.
	 * @return the CA certificate
	 */
	public IssuedCertificate certificate() {
		return this.ca;
	}

	/**
	 * Issue a server certificate.
	 * @param commonName its subject's common name
	 * @param dnsNames DNS names, and IP addresses (written as such), it is valid for
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @return the certificate and its key
	 */
	public IssuedCertificate issueServer(String commonName, List<String> dnsNames, Instant notBefore,
			Instant notAfter) {
		List<GeneralName> names = new ArrayList<>();
		for (String name : dnsNames) {
			boolean ip = name.matches("[0-9.]+") || name.contains(":");
			names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
		}
		return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, notBefore, notAfter);
	}

	/**
	 * Issue a client certificate.
	 * @param commonName its subject's common name, the principal name by default
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @return the certificate and its key
	 */
	public IssuedCertificate issueClient(String commonName, Instant notBefore, Instant notAfter) {
		return issue(commonName, List.of(), KeyPurposeId.id_kp_clientAuth, notBefore, notAfter);
	}

	private IssuedCertificate issue(String commonName, List<GeneralName> names, KeyPurposeId purpose, Instant notBefore,
			Instant notAfter) {
		KeyPair keys = generateKeys();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.ca.certificate(), serial(),
				Date.from(notBefore), Date.from(notAfter), new X500Principal("CN=" + commonName), keys.getPublic());
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(this.ca.certificate()));
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(GeneralName[]::new)));
			}
		}
		catch (CertIOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not issue a certificate for " + commonName, ex);
		}
		return new IssuedCertificate(sign(builder, this.ca.privateKey()), keys.getPrivate());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
		}
		catch (OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign a certificate", ex);
		}
	}

	private static KeyPair generateKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not generate an EC key pair", ex);
		}
	}

	private static BigInteger serial() {
		return new BigInteger(64, random).add(BigInteger.ONE);
	}

	/**
	 * A certificate with its private key.
	 *
	 * @param certificate the certificate
	 * @param privateKey its private key
	 */
	public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

		/**
		 * Return the certificate as PEM.
		 * @return the PEM text
		 */
		public String certificatePem() {
			try {
				return pem("CERTIFICATE", this.certificate.getEncoded());
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException("Could not encode a certificate", ex);
			}
		}

		/**
		 * Return the private key as PKCS#8 PEM.
		 * @return the PEM text
		 */
		public String privateKeyPem() {
			return pem("PRIVATE KEY", this.privateKey.getEncoded());
		}

		/**
		 * Write the certificate, followed by more PEM certificates such as its CA's, and
		 * the key (readable by the owner only), each replaced atomically.
		 * @param certificateFile where the certificate goes
		 * @param keyFile where the key goes
		 * @param chain PEM certificates appended after this one
		 * @throws IOException if a file cannot be written
		 */
		public void write(Path certificateFile, Path keyFile, String... chain) throws IOException {
			writeAtomically(certificateFile, certificatePem() + String.join("", chain), false);
			writeAtomically(keyFile, privateKeyPem(), true);
		}

		private static String pem(String type, byte[] der) {
			return "-----BEGIN " + type + "-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
					+ "\n-----END " + type + "-----\n";
		}

	}

	/**
	 * Replace a file atomically, so that a watcher never reads half of it.
	 * @param file the file
	 * @param content its new content
	 * @param ownerOnly whether only the owner may read it
	 * @throws IOException if it cannot be written
	 */
	static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
		try {
			if (ownerOnly && Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			Files.writeString(temporary, content, StandardCharsets.US_ASCII);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
