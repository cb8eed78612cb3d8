package dev.library.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConfigFileWatcher}.
 *
 * @author Library
 */
class ConfigFileWatcherTests {

	@TempDir
	Path mount;

	private final List<ConfigFileSnapshot> seen = new CopyOnWriteArrayList<>();

	@Test
	void versionAlreadyInForceIsNotReported() throws IOException {
		ConfigMapVolume volume = new ConfigMapVolume(this.mount);
		volume.publish("application.yaml", "a: 1\n");
		ConfigFileSnapshot initial = ConfigFileSnapshot.read(volume.file("application.yaml"));
		ConfigFileWatcher watcher = watcher(volume.file("application.yaml"), initial.hash());
		assertThat(watcher.check()).isFalse();
		assertThat(this.seen).isEmpty();
	}

	@Test
	void newContentIsReportedOnceEvenWhenTheConfigMapLinkIsSwapped() throws IOException {
		ConfigMapVolume volume = new ConfigMapVolume(this.mount);
		volume.publish("application.yaml", "a: 1\n");
		Path file = volume.file("application.yaml");
		ConfigFileWatcher watcher = watcher(file, ConfigFileSnapshot.read(file).hash());
		volume.publish("application.yaml", "a: 2\n");
		assertThat(watcher.check()).isTrue();
		assertThat(watcher.check()).isFalse();
		assertThat(this.seen).singleElement()
			.satisfies((snapshot) -> assertThat(new String(snapshot.content())).isEqualTo("a: 2\n"));
	}

	@Test
	void sameContentPublishedAgainIsNotReported() throws IOException {
		ConfigMapVolume volume = new ConfigMapVolume(this.mount);
		volume.publish("application.yaml", "a: 1\n");
		Path file = volume.file("application.yaml");
		ConfigFileWatcher watcher = watcher(file, ConfigFileSnapshot.read(file).hash());
		volume.publish("application.yaml", "a: 1\n");
		assertThat(watcher.check()).isFalse();
	}

	@Test
	void disappearingAndAppearingAreReported() throws IOException {
		Path file = this.mount.resolve("application.yaml");
		ConfigFileWatcher watcher = watcher(file, null);
		assertThat(watcher.check()).isFalse();
		Files.writeString(file, "a: 1\n");
		assertThat(watcher.check()).isTrue();
		Files.delete(file);
		assertThat(watcher.check()).isTrue();
		assertThat(this.seen).extracting(ConfigFileSnapshot::exists).containsExactly(true, false);
	}

	@Test
	void startedWatcherPollsOnItsOwnThreadUntilStopped() throws IOException {
		Path file = this.mount.resolve("application.yaml");
		List<String> threads = new CopyOnWriteArrayList<>();
		ConfigFileWatcher watcher = new ConfigFileWatcher(file, () -> Duration.ofMillis(20), (snapshot) -> {
			threads.add(Thread.currentThread().getName());
			this.seen.add(snapshot);
		}, null);
		watcher.start();
		try {
			assertThat(watcher.isRunning()).isTrue();
			Files.writeString(file, "a: 1\n");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.seen.size() == 1);
			assertThat(threads).singleElement().asString().startsWith("library-config-watcher");
		}
		finally {
			watcher.stop();
		}
		assertThat(watcher.isRunning()).isFalse();
	}

	private ConfigFileWatcher watcher(Path file, String initialHash) {
		return new ConfigFileWatcher(file, () -> Duration.ofSeconds(1), this.seen::add, initialHash);
	}

}
