package dev.library.secrets.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.library.secrets.CompositeSecretStore;
import dev.library.secrets.KubernetesSecretStore;
import dev.library.secrets.LocalSecretStore;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretStoreHealthIndicator;
import dev.library.secrets.SecretValue;
import dev.library.security.RouteAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretsAutoConfiguration}.
 *
 * @author Library
 */
class SecretsAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SecretsAutoConfiguration.class))
			.withPropertyValues("library.state.data-dir=" + this.temp.resolve("data"));
	}

	@Test
	void defaultShouldOfferAKeylessLocalStoreUnderTheDataDirectory() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(CompositeSecretStore.class)
				.hasSingleBean(SecretStoreHealthIndicator.class)
				.hasBean("secretsComponent");
			CompositeSecretStore store = context.getBean(CompositeSecretStore.class);
			assertThat(store.stores()).singleElement().isInstanceOf(LocalSecretStore.class);
			assertThat(((LocalSecretStore) store.stores().get(0)).directory())
				.isEqualTo(this.temp.resolve("data").resolve("secrets"));
			assertThat(store.isWritable()).isFalse();
			assertThat(context.getBean(RouteAccess.class).component()).isEqualTo("secrets");
		});
	}

	@Test
	void keyFileShouldBeGeneratedAndTheStoreWritable() {
		Path keyFile = this.temp.resolve("keys/secrets.key");
		runner().withPropertyValues("library.secrets.local.key-file=" + keyFile).run((context) -> {
			CompositeSecretStore store = context.getBean(CompositeSecretStore.class);
			assertThat(store.isWritable()).isTrue();
			store.write("generated-key", SecretValue.ofString("value-1"), null);
			assertThat(keyFile).exists();
		});
	}

	@Test
	void keyFileInsideTheStoreDirectoryShouldStopStartUpWithAClearMessage() {
		Path store = this.temp.resolve("store");
		runner()
			.withPropertyValues("library.secrets.local.directory=" + store,
					"library.secrets.local.key-file=" + store.resolve("secrets.key"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("library.secrets.local.key-file")
				.hasMessageContaining("inside the secret store directory"));
	}

	@Test
	void kubernetesPathShouldAddAReadOnlyBackend() throws Exception {
		Path mounted = Files.createDirectories(this.temp.resolve("mounted"));
		Files.writeString(mounted.resolve("token"), "mounted-value");
		runner().withPropertyValues("library.secrets.kubernetes.path=" + mounted).run((context) -> {
			CompositeSecretStore store = context.getBean(CompositeSecretStore.class);
			assertThat(store.stores()).extracting(SecretStore::backend).containsExactly("local", "kubernetes");
			assertThat(store.stores().get(1)).isInstanceOf(KubernetesSecretStore.class);
			assertThat(new String(store.read("token").chars())).isEqualTo("mounted-value");
		});
	}

	@Test
	void noBackendShouldStopStartUp() {
		runner().withPropertyValues("library.secrets.local.enabled=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("No secret store"));
	}

	@Test
	void userStoreShouldBackOff() {
		runner().withBean(CompositeSecretStore.class, () -> new CompositeSecretStore(java.util.List.of()))
			.run((context) -> assertThat(context).hasSingleBean(CompositeSecretStore.class)
				.doesNotHaveBean(LocalSecretStore.class));
	}

}
