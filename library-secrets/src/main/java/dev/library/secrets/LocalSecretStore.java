package dev.library.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded secret store: one file per secret in a directory, each holding every kept
 * version and the metadata, encrypted as a whole with AES-256-GCM under a key that lives
 * elsewhere ({@link LocalSecretKey}). The secret's name is authenticated with it, so a
 * file changed, truncated, renamed or encrypted under another key is detected and
 * reported ({@link SecretStoreIntegrityException}, health DOWN), never read as a wrong
 * value. Files are replaced atomically.
 * <p>
 * Without a key the store holds nothing and refuses writes with a
 * {@link SecretStoreUnavailableException} that says which property to set.
 *
 * @author Library
 */
public class LocalSecretStore implements SecretStore {

	private static final Logger logger = LoggerFactory.getLogger(LocalSecretStore.class);

	private static final byte[] MAGIC = "LIBSEC1\n".getBytes(StandardCharsets.US_ASCII);

	private static final String SUFFIX = ".secret";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final String NO_KEY = "No key is configured for the local secret store; set "
			+ "library.secrets.local.key-file (a file outside the store directory, created when missing) or the "
			+ "LIBRARY_SECRETS_LOCAL_KEY environment variable (32 bytes in base64)";

	private final Path directory;

	private final @Nullable SecretKey key;

	private final int maxVersions;

	private final Clock clock;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final SecureRandom random = new SecureRandom();

	private final Map<String, SecretMetadata> metadata = new ConcurrentHashMap<>();

	private final Map<String, String> problems = new ConcurrentHashMap<>();

	/**
	 * Open a store and check every file in it.
	 * @param directory the directory holding the secret files
	 * @param key the key, or {@code null} when none is configured
	 * @param maxVersions how many versions of each secret are kept
	 * @param clock the clock
	 */
	public LocalSecretStore(Path directory, @Nullable SecretKey key, int maxVersions, Clock clock) {
		this.directory = directory;
		this.key = key;
		this.maxVersions = maxVersions;
		this.clock = clock;
		load();
	}

	@Override
	public String backend() {
		return "local";
	}

	@Override
	public boolean isWritable() {
		return this.key != null;
	}

	/**
	 * Return the directory holding the secret files.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	@Override
	public List<SecretMetadata> list() {
		return this.metadata.values().stream().sorted(Comparator.comparing(SecretMetadata::name)).toList();
	}

	@Override
	public SecretMetadata metadata(String name) {
		SecretNames.check(name);
		SecretMetadata found = this.metadata.get(name);
		if (found == null) {
			throw new SecretNotFoundException(name);
		}
		return found;
	}

	@Override
	public List<SecretVersion> versions(String name) {
		Stored stored = readStored(name);
		List<SecretVersion> versions = new ArrayList<>();
		int current = stored.current();
		stored.versions()
			.forEach((version) -> versions.add(new SecretVersion(version.version(), Instant.parse(version.created()),
					version.version() == current)));
		return versions;
	}

	@Override
	public SecretValue read(String name) {
		Stored stored = readStored(name);
		if (stored.deleted()) {
			throw new SecretNotFoundException(name);
		}
		StoredVersion current = stored.versions().get(stored.versions().size() - 1);
		return SecretValue.ofBytes(Base64.getDecoder().decode(current.value()));
	}

	@Override
	public synchronized SecretMetadata write(String name, SecretValue value, SecretStore.@Nullable Rotation rotation) {
		SecretNames.check(name);
		requireKey();
		Instant now = this.clock.instant();
		Stored previous = this.metadata.containsKey(name) ? readStored(name) : null;
		List<StoredVersion> versions = new ArrayList<>((previous != null) ? previous.versions() : List.of());
		int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
		versions.add(new StoredVersion(next, now.toString(), Base64.getEncoder().encodeToString(value.bytes())));
		while (versions.size() > this.maxVersions) {
			versions.remove(0);
		}
		String maxAge;
		String policy;
		if (rotation != null) {
			maxAge = (rotation.maxAge() != null) ? rotation.maxAge().toString() : null;
			policy = rotation.policy();
		}
		else {
			maxAge = (previous != null) ? previous.maxAge() : null;
			policy = (previous != null) ? previous.policy() : null;
		}
		Stored stored = new Stored(name, (previous != null) ? previous.created() : now.toString(), maxAge, policy,
				false, versions);
		return save(stored);
	}

	@Override
	public synchronized void delete(String name) {
		requireKey();
		Stored stored = readStored(name);
		if (stored.deleted()) {
			throw new SecretNotFoundException(name);
		}
		save(stored.withDeleted(true));
	}

	@Override
	public synchronized SecretMetadata undelete(String name) {
		requireKey();
		Stored stored = readStored(name);
		return save(stored.withDeleted(false));
	}

	@Override
	public synchronized void verify() {
		if (this.key == null) {
			if (!this.metadata.isEmpty() || !this.problems.isEmpty() || !secretFiles().isEmpty()) {
				throw new SecretStoreIntegrityException(
						"The local secret store holds secrets but no key is configured to read them");
			}
			return;
		}
		List<Path> files = secretFiles();
		for (Path file : files) {
			String name = nameOf(file);
			try {
				Stored stored = decrypt(name, Files.readAllBytes(file));
				this.problems.remove(name);
				this.metadata.put(name, stored.toMetadata(backend()));
			}
			catch (SecretStoreIntegrityException | IOException ex) {
				this.problems.put(name, "secret '" + name + "' cannot be read back intact");
			}
		}
		for (String name : this.metadata.keySet()) {
			if (files.stream().noneMatch((file) -> nameOf(file).equals(name))) {
				this.problems.put(name, "secret '" + name + "' disappeared from the store directory");
			}
		}
		if (!this.problems.isEmpty()) {
			throw new SecretStoreIntegrityException(
					String.join("; ", this.problems.values().stream().sorted().toList()));
		}
	}

	private void load() {
		if (this.key == null) {
			return;
		}
		try {
			SecretFiles.createDirectory(this.directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("library.secrets.local.directory (" + this.directory
					+ ") cannot be created: " + ex.getClass().getSimpleName(), ex);
		}
		try {
			verify();
		}
		catch (SecretStoreIntegrityException ex) {
			logger.error("Local secret store at {} failed its integrity check: {}", this.directory,
					ex.getBody().getDetail());
		}
	}

	private List<Path> secretFiles() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
			stream.forEach((file) -> {
				if (!file.getFileName().toString().startsWith(".")) {
					files.add(file);
				}
			});
		}
		catch (IOException ex) {
			throw new SecretStoreIntegrityException("The local secret store directory cannot be listed");
		}
		return files;
	}

	private static String nameOf(Path file) {
		String fileName = file.getFileName().toString();
		return fileName.substring(0, fileName.length() - SUFFIX.length());
	}

	private void requireKey() {
		if (this.key == null) {
			throw new SecretStoreUnavailableException(NO_KEY);
		}
	}

	private Stored readStored(String name) {
		SecretNames.check(name);
		if (this.key == null) {
			throw new SecretNotFoundException(name);
		}
		byte[] content;
		try {
			content = Files.readAllBytes(this.directory.resolve(name + SUFFIX));
		}
		catch (NoSuchFileException ex) {
			if (this.metadata.containsKey(name)) {
				this.problems.put(name, "secret '" + name + "' disappeared from the store directory");
				throw new SecretStoreIntegrityException("Secret '" + name + "' disappeared from the store directory");
			}
			throw new SecretNotFoundException(name);
		}
		catch (IOException ex) {
			throw new SecretStoreIntegrityException("Secret '" + name + "' cannot be read");
		}
		try {
			return decrypt(name, content);
		}
		catch (SecretStoreIntegrityException ex) {
			this.problems.put(name, "secret '" + name + "' cannot be read back intact");
			logger.error("Secret '{}' in the local store failed its integrity check", name);
			throw ex;
		}
	}

	private SecretMetadata save(Stored stored) {
		byte[] plain = this.jsonMapper.writeValueAsBytes(stored);
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData(stored.name()));
			byte[] sealed = cipher.doFinal(plain);
			ByteBuffer file = ByteBuffer.allocate(MAGIC.length + IV_BYTES + sealed.length);
			file.put(MAGIC).put(iv).put(sealed);
			SecretFiles.writeAtomically(this.directory.resolve(stored.name() + SUFFIX), file.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
		catch (IOException ex) {
			throw new SecretStoreUnavailableException(
					"Secret '" + stored.name() + "' cannot be written: " + ex.getClass().getSimpleName());
		}
		finally {
			Arrays.fill(plain, (byte) 0);
		}
		SecretMetadata saved = stored.toMetadata(backend());
		this.metadata.put(stored.name(), saved);
		this.problems.remove(stored.name());
		return saved;
	}

	private Stored decrypt(String name, byte[] content) {
		if (content.length < MAGIC.length + IV_BYTES + TAG_BITS / 8
				|| !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			throw new SecretStoreIntegrityException("Secret '" + name + "' is not a local secret store file");
		}
		byte[] plain = null;
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, content, MAGIC.length, IV_BYTES));
			cipher.updateAAD(associatedData(name));
			plain = cipher.doFinal(content, MAGIC.length + IV_BYTES, content.length - MAGIC.length - IV_BYTES);
			Stored stored = this.jsonMapper.readValue(plain, Stored.class);
			if (!name.equals(stored.name()) || stored.versions().isEmpty()) {
				throw new SecretStoreIntegrityException("Secret '" + name + "' holds another secret");
			}
			return stored;
		}
		catch (GeneralSecurityException | JacksonException ex) {
			throw new SecretStoreIntegrityException(
					"Secret '" + name + "' failed authentication: changed outside the store or under another key");
		}
		finally {
			if (plain != null) {
				Arrays.fill(plain, (byte) 0);
			}
		}
	}

	private static byte[] associatedData(String name) {
		return ("library-secret:" + name).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The encrypted document of one secret.
	 */
	record Stored(String name, String created, @Nullable String maxAge, @Nullable String policy, boolean deleted,
			List<StoredVersion> versions) {

		int current() {
			return this.versions.get(this.versions.size() - 1).version();
		}

		Stored withDeleted(boolean deleted) {
			return new Stored(this.name, this.created, this.maxAge, this.policy, deleted, this.versions);
		}

		SecretMetadata toMetadata(String backend) {
			StoredVersion current = this.versions.get(this.versions.size() - 1);
			return new SecretMetadata(this.name, backend, current.version(), this.versions.size(),
					Instant.parse(this.created), Instant.parse(current.created()),
					(this.maxAge != null) ? Duration.parse(this.maxAge) : null, this.policy, this.deleted);
		}

	}

	/**
	 * One version in the encrypted document, its value in base64.
	 */
	record StoredVersion(int version, String created, String value) {

		@Override
		public String toString() {
			return "StoredVersion[version=" + this.version + ", created=" + this.created + "]";
		}

	}

}
