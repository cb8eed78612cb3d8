package dev.library.mtls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevelopmentCertificates}.
 *
 * @author Library
 */
class DevelopmentCertificatesTests {

	@TempDir
	Path directory;

	@Test
	void createsACaAServerAndAClientCertificateThatASpringBootPemBundleLoads() throws Exception {
		assertThat(DevelopmentCertificates.createIfMissing(this.directory)).isTrue();
		assertThat(this.directory).isDirectoryContaining("glob:**/tls.crt")
			.isDirectoryContaining("glob:**/tls.key")
			.isDirectoryContaining("glob:**/ca.crt")
			.isDirectoryContaining("glob:**/client.crt")
			.isDirectoryContaining("glob:**/client.key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.directory.resolve("tls.key"))))
			.isEqualTo("rw-------");
		PemSslStoreBundle bundle = new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + this.directory.resolve("tls.crt"))
					.withPrivateKey("file:" + this.directory.resolve("tls.key")),
				PemSslStoreDetails.forCertificate("file:" + this.directory.resolve("ca.crt")));
		KeyStore keyStore = bundle.getKeyStore();
		String alias = keyStore.aliases().nextElement();
		X509Certificate server = (X509Certificate) keyStore.getCertificate(alias);
		assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(CertificateNames.alternativeNames(server)).contains("DNS:localhost", "IP:127.0.0.1");
		X509Certificate ca = (X509Certificate) bundle.getTrustStore()
			.getCertificate(bundle.getTrustStore().aliases().nextElement());
		server.verify(ca.getPublicKey());
		X509Certificate client = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
			.generateCertificate(Files.newInputStream(this.directory.resolve("client.crt")));
		client.verify(ca.getPublicKey());
		assertThat(CertificateNames.commonName(client)).isEqualTo(DevelopmentCertificates.CLIENT_NAME);
	}

	@Test
	void keepsExistingCertificates() throws Exception {
		DevelopmentCertificates.createIfMissing(this.directory);
		String first = Files.readString(this.directory.resolve("tls.crt"));
		assertThat(DevelopmentCertificates.createIfMissing(this.directory)).isFalse();
		assertThat(Files.readString(this.directory.resolve("tls.crt"))).isEqualTo(first);
	}

}
