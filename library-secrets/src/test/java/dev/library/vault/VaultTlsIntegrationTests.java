package dev.library.vault;

import java.nio.file.Path;
import java.time.Duration;

import dev.library.secrets.SecretValue;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS to Vault from a Spring Boot SSL bundle ({@code library.vault.ssl-bundle}), against
 * {@link VaultHttpApiFixture} (a local server speaking Vault's HTTP API, not a real
 * Vault) served over HTTPS with a CA and server certificate made at test time with
 * openssl. A bundle that trusts another CA fails the handshake: the health says why, with
 * no token or value in it. The bundle reloaded with the right CA is used from the next
 * request, without a restart: the component connects and a secret goes through KV v2.
 *
 * @author Library
 */
class VaultTlsIntegrationTests {

	private final DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();

	private VaultHttpApiFixture vault;

	private OpensslCertificates certificates;

	@BeforeEach
	void startVaultOverHttps(@TempDir Path directory) throws Exception {
		this.certificates = OpensslCertificates.authority(directory, "vault-ca");
		this.certificates.issue("vault-ca", "vault-server", "IP:127.0.0.1,DNS:localhost");
		OpensslCertificates.authority(directory, "other-ca");
		SslBundle server = SslBundle
			.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(this.certificates.pem("vault-server.crt"))
				.withPrivateKey(this.certificates.pem("vault-server.key")), null));
		this.vault = new VaultHttpApiFixture().secure(server.createSslContext()).start();
	}

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void untrustedCertificateIsReportedThenTheReloadedBundleIsUsedWithoutRestart() throws Exception {
		this.bundles.registerBundle("vault", trusting("other-ca"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VaultAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(SslBundles.class, () -> this.bundles)
			.withPropertyValues("library.vault.enabled=true", "library.vault.uri=" + this.vault.uri(),
					"library.vault.token=" + VaultHttpApiFixture.ROOT_TOKEN, "library.vault.ssl-bundle=vault",
					"library.vault.retry.initial-backoff=200ms", "library.vault.retry.max-backoff=500ms",
					"library.vault.check-interval=200ms", "library.vault.connect-timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.vault.uri().getScheme()).isEqualTo("https");
				VaultComponent component = context.getBean(VaultComponent.class);
				VaultHealthIndicator health = context.getBean(VaultHealthIndicator.class);
				component.start();
				try {
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						Health down = health.health().block(Duration.ofSeconds(10));
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(String.valueOf(down.getDetails().get("reason")))
							.contains("TLS handshake with Vault failed")
							.containsIgnoringCase("certification path");
					});
					assertThat(health.health().block().getDetails().toString())
						.doesNotContain(VaultHttpApiFixture.ROOT_TOKEN);
					assertThat(this.vault.requests).isEmpty();

					this.bundles.updateBundle("vault", trusting("vault-ca"));
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(health.health().block(Duration.ofSeconds(10)).getStatus())
							.isEqualTo(Status.UP));
					VaultSecretStore store = context.getBean(VaultSecretStore.class);
					store.write("tls-checked", SecretValue.ofString("over-https-value"), null);
					assertThat(new String(store.read("tls-checked").chars())).isEqualTo("over-https-value");
					assertThat(this.vault.currentData("library/tls-checked")).containsEntry("value",
							"over-https-value");
				}
				finally {
					component.stop();
				}
			});
	}

	private SslBundle trusting(String ca) throws Exception {
		return SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(this.certificates.pem(ca + ".crt"))));
	}

}
