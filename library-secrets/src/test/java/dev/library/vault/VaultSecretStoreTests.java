package dev.library.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.library.secrets.SecretMetadata;
import dev.library.secrets.SecretNotFoundException;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretStoreUnavailableException;
import dev.library.secrets.SecretValue;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link VaultSecretStore} wired by {@link VaultAutoConfiguration} against
 * {@link VaultHttpApiFixture} (a local server speaking Vault's HTTP API, not a real
 * Vault) over real HTTP.
 *
 * @author Library
 */
class VaultSecretStoreTests {

	private final VaultHttpApiFixture vault = new VaultHttpApiFixture().start();

	private final MutableClock clock = new MutableClock();

	private ApplicationContextRunner runner;

	@BeforeEach
	void runner() {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VaultAutoConfiguration.class))
			.withBean(MutableClock.class, () -> this.clock)
			.withPropertyValues("library.vault.enabled=true", "library.vault.uri=" + this.vault.uri(),
					"library.vault.authentication=approle",
					"library.vault.app-role.role-id=" + VaultHttpApiFixture.ROLE_ID,
					"library.vault.app-role.secret-id=" + VaultHttpApiFixture.SECRET_ID,
					"library.vault.cache-grace-period=5m");
	}

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void writeReadVersionsSoftDeleteAndUndeleteShouldUseKeyValueVersionTwo() {
		this.runner.run((context) -> {
			VaultSecretStore store = context.getBean(VaultSecretStore.class);
			SecretMetadata first = store.write("db-password", SecretValue.ofString("first-value"),
					new SecretStore.Rotation(Duration.ofDays(30), "default"));
			assertThat(first.currentVersion()).isEqualTo(1);
			assertThat(first.backend()).isEqualTo("vault");
			assertThat(first.maxAge()).isEqualTo(Duration.ofDays(30));
			SecretMetadata second = store.write("db-password", SecretValue.ofString("second-value"), null);
			assertThat(second.currentVersion()).isEqualTo(2);
			assertThat(second.maxAge()).as("rotation kept in custom metadata").isEqualTo(Duration.ofDays(30));
			assertThat(second.policy()).isEqualTo("default");
			assertThat(new String(store.read("db-password").chars())).isEqualTo("second-value");
			assertThat(this.vault.currentData("library/db-password")).containsEntry("value", "second-value");
			assertThat(store.versions("db-password"))
				.extracting((version) -> version.version() + ":" + version.current())
				.containsExactly("1:false", "2:true");
			assertThat(store.list()).extracting(SecretMetadata::name).containsExactly("db-password");
			assertThat(store.contains("db-password")).isTrue();
			assertThat(store.contains("unknown")).isFalse();

			store.delete("db-password");
			assertThat(this.vault.requests).contains("DELETE secret/data/library/db-password");
			assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.read("db-password"));
			assertThat(store.metadata("db-password").deleted()).isTrue();
			assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.delete("db-password"));
			assertThat(store.undelete("db-password").deleted()).isFalse();
			assertThat(this.vault.requests).contains("POST secret/undelete/library/db-password");
			assertThat(new String(store.read("db-password").chars())).isEqualTo("second-value");
			assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.read("unknown"));
		});
	}

	@Test
	void writeWhenSomeoneElseWroteMeanwhileShouldBeRefusedByCheckAndSet() {
		this.runner.run((context) -> {
			VaultSecretStore store = context.getBean(VaultSecretStore.class);
			store.write("api-key", SecretValue.ofString("mine"), null);
			this.vault.changeBehindOnNextWrite("library/api-key");
			assertThatExceptionOfType(VaultVersionConflictException.class)
				.isThrownBy(() -> store.write("api-key", SecretValue.ofString("mine-again"), null))
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(409));
			assertThat(this.vault.currentData("library/api-key")).containsEntry("value", "written-by-someone-else");
		});
	}

	@Test
	void tokenExpiringInTheMiddleOfAWriteShouldLogInAgainAndTheWriteShouldSucceed() {
		this.runner.run((context) -> {
			VaultSecretStore store = context.getBean(VaultSecretStore.class);
			store.write("db-password", SecretValue.ofString("first-value"), null);
			assertThat(this.vault.logins).hasValue(1);
			// The write reads the metadata (answered), then writes the data: the token
			// expires in between.
			this.vault.expireTokensAfter(1);
			SecretMetadata written = store.write("db-password", SecretValue.ofString("second-value"), null);
			assertThat(written.currentVersion()).isEqualTo(2);
			assertThat(this.vault.logins).hasValue(2);
			assertThat(this.vault.currentData("library/db-password")).containsEntry("value", "second-value");
		});
	}

	@Test
	void vaultDownLaterShouldServeCachedValuesWithinTheGracePeriodThenRefuse() {
		this.runner.run((context) -> {
			VaultSecretStore store = context.getBean(VaultSecretStore.class);
			VaultReachability reachability = context.getBean(VaultReachability.class);
			store.write("db-password", SecretValue.ofString("cached-value"), null);
			assertThat(new String(store.read("db-password").chars())).isEqualTo("cached-value");
			assertThat(store.list()).hasSize(1);
			assertThat(reachability.isReachable()).isTrue();

			this.vault.stop();
			assertThat(new String(store.read("db-password").chars())).isEqualTo("cached-value");
			assertThat(reachability.isReachable()).isFalse();
			assertThat(store.metadata("db-password").currentVersion()).isEqualTo(1);
			assertThat(store.list()).extracting(SecretMetadata::name).containsExactly("db-password");
			assertThatExceptionOfType(SecretStoreUnavailableException.class).isThrownBy(() -> store.read("never-read"))
				.withMessageContaining("no copy");
			assertThatExceptionOfType(SecretStoreUnavailableException.class)
				.isThrownBy(() -> store.write("db-password", SecretValue.ofString("new"), null));

			this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
			assertThatExceptionOfType(SecretStoreUnavailableException.class).isThrownBy(() -> store.read("db-password"))
				.withMessageContaining("library.vault.cache-grace-period")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("cached-value"));

			this.vault.start();
			assertThat(new String(store.read("db-password").chars())).isEqualTo("cached-value");
			assertThat(reachability.isReachable()).isTrue();
		});
	}

	@Test
	void sealedVaultShouldCountAsUnreachable() {
		this.runner.run((context) -> {
			VaultSecretStore store = context.getBean(VaultSecretStore.class);
			store.write("db-password", SecretValue.ofString("cached-value"), null);
			store.read("db-password");
			this.vault.seal = true;
			assertThat(new String(store.read("db-password").chars())).isEqualTo("cached-value");
			assertThat(context.getBean(VaultReachability.class).isReachable()).isFalse();
		});
	}

	@Test
	void kubernetesAuthenticationShouldLogInWithTheServiceAccountTokenFile(@TempDir Path directory) throws IOException {
		Path jwt = Files.writeString(directory.resolve("token"), VaultHttpApiFixture.KUBERNETES_JWT);
		this.runner
			.withPropertyValues("library.vault.authentication=kubernetes", "library.vault.kubernetes.role=library",
					"library.vault.kubernetes.service-account-token-file=" + jwt)
			.run((context) -> {
				VaultSecretStore store = context.getBean(VaultSecretStore.class);
				store.write("from-kubernetes", SecretValue.ofString("value"), null);
				assertThat(this.vault.requests).contains("POST auth/kubernetes/login");
				assertThat(context.getBean(VaultManager.class).method())
					.isEqualTo(VaultAuthenticationMethod.KUBERNETES);
			});
	}

	@Test
	void tokenAuthenticationWithoutATokenShouldStopStartUpNamingTheProperty() {
		this.runner.withPropertyValues("library.vault.authentication=token").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseMessage(
					"library.vault.authentication=token needs library.vault.token (or LIBRARY_VAULT_TOKEN)");
		});
	}

}
