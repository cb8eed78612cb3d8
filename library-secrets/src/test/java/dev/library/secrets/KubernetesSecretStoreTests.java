package dev.library.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link KubernetesSecretStore} on a directory laid out as the kubelet lays out
 * a mounted secret: a timestamped directory, a {@code ..data} link to it, and one link
 * per key through {@code ..data}.
 *
 * @author Library
 */
class KubernetesSecretStoreTests {

	@TempDir
	Path mount;

	private final List<SecretMetadata> changes = new CopyOnWriteArrayList<>();

	private int generation;

	private void publish(Map<String, String> secrets) throws IOException {
		Path data = Files.createDirectory(this.mount.resolve("..2026_01_01_00_00_0" + (this.generation++)));
		for (Map.Entry<String, String> secret : secrets.entrySet()) {
			Files.writeString(data.resolve(secret.getKey()), secret.getValue());
		}
		// The kubelet swaps ..data atomically by renaming a fresh link over it.
		Path link = Files.createSymbolicLink(this.mount.resolve("..data_tmp"), data.getFileName());
		Files.move(link, this.mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		for (String name : secrets.keySet()) {
			Path file = this.mount.resolve(name);
			if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
				Files.createSymbolicLink(file, Path.of("..data").resolve(name));
			}
		}
	}

	private KubernetesSecretStore store() {
		return new KubernetesSecretStore(this.mount, Clock.systemUTC(), this.changes::add);
	}

	@Test
	void mountedFilesShouldBeReadableSecrets() throws IOException {
		publish(Map.of("username", "admin", "password", "k8s-secret-value"));
		KubernetesSecretStore store = store();
		assertThat(store.list()).extracting(SecretMetadata::name).containsExactly("password", "username");
		assertThat(new String(store.read("password").chars())).isEqualTo("k8s-secret-value");
		assertThat(store.isWritable()).isFalse();
		store.verify();
	}

	@Test
	void kubeletUpdateShouldBeSeenAsNewVersionAndReported() throws IOException {
		publish(Map.of("password", "first", "username", "admin"));
		KubernetesSecretStore store = store();
		publish(Map.of("password", "second", "username", "admin"));
		store.refresh();
		assertThat(new String(store.read("password").chars())).isEqualTo("second");
		assertThat(store.metadata("password").currentVersion()).isEqualTo(2);
		assertThat(store.metadata("username").currentVersion()).isEqualTo(1);
		assertThat(this.changes).extracting(SecretMetadata::name).containsExactly("password");
	}

	@Test
	void writesShouldBeRefusedAsReadOnly() throws IOException {
		publish(Map.of("password", "first"));
		KubernetesSecretStore store = store();
		assertThatExceptionOfType(SecretStoreReadOnlyException.class)
			.isThrownBy(() -> store.write("password", SecretValue.ofString("x"), null));
		assertThatExceptionOfType(SecretStoreReadOnlyException.class).isThrownBy(() -> store.delete("password"));
	}

	@Test
	void hiddenFilesAndUnknownNamesShouldNotBeSecrets() throws IOException {
		publish(Map.of("password", "first"));
		KubernetesSecretStore store = store();
		assertThat(store.list()).extracting(SecretMetadata::name).containsExactly("password");
		assertThatExceptionOfType(InvalidSecretNameException.class).isThrownBy(() -> store.read("..data"));
		assertThatExceptionOfType(SecretNotFoundException.class).isThrownBy(() -> store.read("other"));
	}

	@Test
	void missingDirectoryShouldFailVerification() {
		KubernetesSecretStore store = new KubernetesSecretStore(this.mount.resolve("absent"), Clock.systemUTC(),
				this.changes::add);
		assertThatExceptionOfType(SecretStoreIntegrityException.class).isThrownBy(store::verify);
	}

}
