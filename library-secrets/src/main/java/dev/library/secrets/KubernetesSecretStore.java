package dev.library.secrets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes secrets mounted as files, read-only: each regular file of the directory is a
 * secret named like the file (the kubelet's own {@code ..data} links and hidden files are
 * skipped). {@link #refresh()}, called on a schedule, notices when the kubelet swaps the
 * {@code ..data} link to a new set of files: a changed file counts as a new version and
 * is reported to the change listener. Only the current version is kept.
 *
 * @author Library
 */
public class KubernetesSecretStore implements SecretStore {

	private static final Logger logger = LoggerFactory.getLogger(KubernetesSecretStore.class);

	private final Path directory;

	private final Clock clock;

	private final Consumer<SecretMetadata> changes;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private volatile @Nullable String problem;

	/**
	 * Create a store and read the directory once.
	 * @param directory the mounted directory
	 * @param clock the clock
	 * @param changes told of every secret whose content changed after the first read
	 */
	public KubernetesSecretStore(Path directory, Clock clock, Consumer<SecretMetadata> changes) {
		this.directory = directory;
		this.clock = clock;
		this.changes = changes;
		refresh();
	}

	@Override
	public String backend() {
		return "kubernetes";
	}

	@Override
	public boolean isWritable() {
		return false;
	}

	/**
	 * Read the directory again, noting new, changed and removed secrets.
	 */
	public synchronized void refresh() {
		if (!Files.isDirectory(this.directory)) {
			this.problem = "Kubernetes secrets directory " + this.directory + " does not exist";
			return;
		}
		Map<String, byte[]> digests = new HashMap<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory)) {
			for (Path file : stream) {
				String name = file.getFileName().toString();
				if (!name.startsWith(".") && SecretNames.isValid(name) && Files.isRegularFile(file)) {
					digests.put(name, digest(Files.readAllBytes(file)));
				}
			}
			this.problem = null;
		}
		catch (IOException ex) {
			// The kubelet swaps the link while we read: the next refresh sees a whole
			// set.
			logger.debug("Kubernetes secrets directory {} changed while read", this.directory);
			return;
		}
		Instant now = this.clock.instant();
		Set<String> gone = new HashSet<>(this.entries.keySet());
		gone.removeAll(digests.keySet());
		gone.forEach(this.entries::remove);
		digests.forEach((name, digest) -> {
			Entry previous = this.entries.get(name);
			if (previous == null) {
				this.entries.put(name, new Entry(digest, 1, now, now));
			}
			else if (!Arrays.equals(previous.digest(), digest)) {
				Entry changed = new Entry(digest, previous.version() + 1, previous.created(), now);
				this.entries.put(name, changed);
				this.changes.accept(changed.toMetadata(name, backend()));
			}
		});
	}

	private static byte[] digest(byte[] content) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
			Arrays.fill(content, (byte) 0);
			return digest;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public List<SecretMetadata> list() {
		return this.entries.entrySet()
			.stream()
			.map((entry) -> entry.getValue().toMetadata(entry.getKey(), backend()))
			.sorted(Comparator.comparing(SecretMetadata::name))
			.toList();
	}

	@Override
	public SecretMetadata metadata(String name) {
		SecretNames.check(name);
		Entry entry = this.entries.get(name);
		if (entry == null) {
			throw new SecretNotFoundException(name);
		}
		return entry.toMetadata(name, backend());
	}

	@Override
	public List<SecretVersion> versions(String name) {
		SecretMetadata metadata = metadata(name);
		return List.of(new SecretVersion(metadata.currentVersion(), metadata.lastRotated(), true));
	}

	@Override
	public SecretValue read(String name) {
		metadata(name);
		try {
			byte[] content = Files.readAllBytes(this.directory.resolve(name));
			SecretValue value = SecretValue.ofBytes(content);
			Arrays.fill(content, (byte) 0);
			return value;
		}
		catch (IOException ex) {
			throw new SecretNotFoundException(name);
		}
	}

	@Override
	public SecretMetadata write(String name, SecretValue value, SecretStore.@Nullable Rotation rotation) {
		throw readOnly(name);
	}

	@Override
	public void delete(String name) {
		throw readOnly(name);
	}

	@Override
	public SecretMetadata undelete(String name) {
		throw readOnly(name);
	}

	private SecretStoreReadOnlyException readOnly(String name) {
		return new SecretStoreReadOnlyException(
				"Secret '" + name + "' is a Kubernetes secret mounted as a file; change it in Kubernetes");
	}

	@Override
	public void verify() {
		String current = this.problem;
		if (current != null) {
			throw new SecretStoreIntegrityException(current);
		}
	}

	private record Entry(byte[] digest, int version, Instant created, Instant lastRotated) {

		SecretMetadata toMetadata(String name, String backend) {
			return new SecretMetadata(name, backend, this.version, 1, this.created, this.lastRotated, null, null,
					false);
		}

	}

}
