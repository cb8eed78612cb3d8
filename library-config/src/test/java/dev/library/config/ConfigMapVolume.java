package dev.library.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory laid out and updated the way the kubelet updates a mounted ConfigMap: each
 * version in its own {@code ..<n>} directory, a {@code ..data} link swapped atomically to
 * the newest one, and each key a link through {@code ..data}.
 *
 * @author Library
 */
final class ConfigMapVolume {

	private final Path mount;

	private int version;

	ConfigMapVolume(Path mount) {
		this.mount = mount;
	}

	Path file(String key) {
		return this.mount.resolve(key);
	}

	/**
	 * Publish a new version of one key, as {@code kubectl apply} of the ConfigMap would.
	 */
	void publish(String key, String content) throws IOException {
		Path previous = currentVersion();
		Path next = this.mount.resolve("..v" + (++this.version));
		Files.createDirectory(next);
		Files.writeString(next.resolve(key), content, StandardCharsets.UTF_8);
		Path link = this.mount.resolve("..data_tmp");
		Files.createSymbolicLink(link, next.getFileName());
		Files.move(link, this.mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		if (!Files.isSymbolicLink(file(key))) {
			Files.createSymbolicLink(file(key), Path.of("..data").resolve(key));
		}
		if (previous != null) {
			deleteRecursively(previous);
		}
	}

	/**
	 * Remove a key, as deleting it from the ConfigMap would.
	 */
	void remove(String key) throws IOException {
		Files.delete(file(key));
	}

	private Path currentVersion() throws IOException {
		Path data = this.mount.resolve("..data");
		return Files.isSymbolicLink(data) ? this.mount.resolve(Files.readSymbolicLink(data)) : null;
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
