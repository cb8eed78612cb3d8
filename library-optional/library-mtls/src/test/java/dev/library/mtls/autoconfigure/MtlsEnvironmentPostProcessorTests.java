package dev.library.mtls.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MtlsEnvironmentPostProcessor}.
 *
 * @author Library
 */
class MtlsEnvironmentPostProcessorTests {

	private final MtlsEnvironmentPostProcessor processor = new MtlsEnvironmentPostProcessor();

	@TempDir
	Path directory;

	@Test
	void mapsNothingWhenTheComponentIsOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("library.mtls.certificate-directory",
				this.directory.toString());
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.ssl.bundle")).isNull();
	}

	@Test
	void mapsTheCertificateDirectoryOntoAReloadingPemBundleServingTheApi() {
		MockEnvironment environment = enabled()
			.withProperty("library.mtls.certificate-directory", this.directory.toString())
			.withProperty("library.mtls.client-auth", "need");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		String prefix = "spring.ssl.bundle.pem.library-mtls.";
		assertThat(environment.getProperty(prefix + "keystore.certificate"))
			.isEqualTo("file:" + this.directory.toAbsolutePath().resolve("tls.crt"));
		assertThat(environment.getProperty(prefix + "keystore.private-key")).endsWith("/tls.key");
		assertThat(environment.getProperty(prefix + "truststore.certificate")).endsWith("/ca.crt");
		assertThat(environment.getProperty(prefix + "reload-on-update")).isEqualTo("true");
		assertThat(environment.getProperty(prefix + "options.enabled-protocols")).isEqualTo("TLSv1.3");
		assertThat(environment.getProperty(prefix + "options.ciphers")).doesNotContain("CBC", "TLS_RSA_WITH", "SHA,");
		assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("library-mtls");
		assertThat(environment.getProperty("server.ssl.client-auth")).isEqualTo("need");
	}

	@Test
	void explicitSpringPropertiesWin() {
		MockEnvironment environment = enabled()
			.withProperty("library.mtls.certificate-directory", this.directory.toString())
			.withProperty("server.ssl.client-auth", "none");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.ssl.client-auth")).isEqualTo("none");
	}

	@Test
	void tls12IsAddedOnlyWhenAllowed() {
		MockEnvironment environment = enabled()
			.withProperty("library.mtls.certificate-directory", this.directory.toString())
			.withProperty("library.mtls.allow-tls12", "true");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.ssl.bundle.pem.library-mtls.options.enabled-protocols"))
			.isEqualTo("TLSv1.3,TLSv1.2");
	}

	@Test
	void developmentModeCreatesCertificatesUnderTheDataDirectoryAndMapsTheClientToAdmin() {
		MockEnvironment environment = enabled().withProperty("library.mtls.dev-ca", "true")
			.withProperty("library.state.data-dir", this.directory.toString());
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(this.directory.resolve("mtls/tls.crt")).exists();
		assertThat(this.directory.resolve("mtls/client.key")).exists();
		assertThat(environment.getProperty("library.mtls.roles.dev-client")).isEqualTo("admin");
	}

	@Test
	void missingCertificateDirectoryOutsideDevelopmentModeNamesTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.processor.postProcessEnvironment(enabled(), new SpringApplication()))
			.withMessageContaining("library.mtls.certificate-directory")
			.withMessageContaining("library.mtls.dev-ca");
	}

	private static MockEnvironment enabled() {
		return new MockEnvironment().withProperty("library.enabled-components.mtls", "true");
	}

}
