package dev.library.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.library.secrets.SecretMetadata;
import dev.library.secrets.SecretNames;
import dev.library.secrets.SecretNotFoundException;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretStoreUnavailableException;
import dev.library.secrets.SecretValue;
import dev.library.secrets.SecretVersion;
import dev.library.secrets.VersionedValue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.Versioned;
import org.springframework.web.ErrorResponse;

/**
 * Secrets in a Vault KV v2 engine, one Vault secret per secret at
 * {@code <mount>/data/<path>/<name>} holding {@code {"value": "..."}}. Versions, creation
 * times and soft deletion are Vault's own; the rotation settings (maximum age, policy)
 * are the secret's custom metadata. Every write is a check-and-set against the version
 * read just before ({@code cas}, 0 for a new secret), so a concurrent change is refused
 * with 409 rather than overwritten.
 * <p>
 * Values, metadata and the list of names read from Vault are kept in memory. When Vault
 * cannot be reached (or answers that it cannot serve), reads are served from there for
 * the grace period of {@link VaultReachability}, then refused with 503; writes are
 * refused at once. A token Vault refuses is dropped and the call made once more after a
 * fresh login.
 *
 * @author Library
 */
public class VaultSecretStore implements SecretStore {

	private static final Logger logger = LoggerFactory.getLogger(VaultSecretStore.class);

	static final String MAX_AGE = "library-max-age";

	static final String POLICY = "library-policy";

	private final VaultOperations vault;

	private final VaultVersionedKeyValueOperations keyValue;

	private final VaultManager manager;

	private final VaultReachability reachability;

	private final String mount;

	private final String path;

	private final Clock clock;

	private final Map<String, SecretMetadata> metadataCache = new ConcurrentHashMap<>();

	private final Map<String, List<SecretVersion>> versionsCache = new ConcurrentHashMap<>();

	private final Map<String, VersionedValue> valueCache = new ConcurrentHashMap<>();

	private volatile @Nullable List<String> namesCache;

	private final Duration existenceCacheTime;

	private final Map<String, Instant> seenHeldUntil = new ConcurrentHashMap<>();

	/**
	 * Create the store.
	 * @param vault the Vault operations, authenticated by the manager
	 * @param manager the session token's owner, told when Vault refuses the token
	 * @param reachability told whether Vault answers; decides whether cached values are
	 * served
	 * @param mount the path the KV v2 engine is mounted at, such as {@code secret}
	 * @param path the path under the mount holding the secrets, such as {@code library};
	 * empty for the mount's root
	 * @param existenceCacheTime how long a secret seen in Vault is taken to exist without
	 * asking again, so a read costs one request; zero to ask every time
	 * @param clock the clock
	 */
	public VaultSecretStore(VaultOperations vault, VaultManager manager, VaultReachability reachability, String mount,
			String path, Duration existenceCacheTime, Clock clock) {
		this.vault = vault;
		this.keyValue = vault.opsForVersionedKeyValue(mount);
		this.manager = manager;
		this.reachability = reachability;
		this.mount = trimSlashes(mount);
		this.path = trimSlashes(path);
		this.existenceCacheTime = existenceCacheTime;
		this.clock = clock;
	}

	@Override
	public String backend() {
		return "vault";
	}

	@Override
	public boolean isWritable() {
		return true;
	}

	@Override
	public boolean isRemote() {
		return true;
	}

	@Override
	public List<SecretMetadata> list() {
		List<String> names;
		try {
			names = call(() -> this.vault.list(this.mount + "/metadata/" + this.path));
			names = (names != null) ? names.stream().filter(SecretNames::isValid).sorted().toList() : List.of();
			this.namesCache = names;
		}
		catch (VaultUnreachableException ex) {
			List<String> cached = cachedOrRefuse(this.namesCache, "the list of secrets");
			return cached.stream().map(this.metadataCache::get).filter((metadata) -> metadata != null).toList();
		}
		List<SecretMetadata> all = new ArrayList<>();
		for (String name : names) {
			try {
				all.add(metadata(name));
			}
			catch (SecretNotFoundException ex) {
				// Removed between the list and the read.
			}
		}
		return all;
	}

	@Override
	public boolean contains(String name) {
		SecretNames.check(name);
		Instant heldUntil = this.seenHeldUntil.get(name);
		if (heldUntil != null && this.clock.instant().isBefore(heldUntil)) {
			return true;
		}
		try {
			return readMetadata(name) != null;
		}
		catch (VaultUnreachableException ex) {
			return cachedOrRefuse(this.metadataCache.get(name), "secret '" + name + "'") != null;
		}
	}

	@Override
	public SecretMetadata metadata(String name) {
		SecretNames.check(name);
		try {
			Loaded loaded = readMetadata(name);
			if (loaded == null) {
				throw new SecretNotFoundException(name);
			}
			return loaded.metadata();
		}
		catch (VaultUnreachableException ex) {
			return cachedOrRefuse(this.metadataCache.get(name), "secret '" + name + "'");
		}
	}

	@Override
	public List<SecretVersion> versions(String name) {
		SecretNames.check(name);
		try {
			Loaded loaded = readMetadata(name);
			if (loaded == null) {
				throw new SecretNotFoundException(name);
			}
			return loaded.versions();
		}
		catch (VaultUnreachableException ex) {
			return cachedOrRefuse(this.versionsCache.get(name), "secret '" + name + "'");
		}
	}

	@Override
	public SecretValue read(String name) {
		return readCurrent(name).value();
	}

	/**
	 * Read the current value and its version with one request
	 * ({@code GET <mount>/data/<path>/<name>} answers both).
	 */
	@Override
	public VersionedValue readCurrent(String name) {
		SecretNames.check(name);
		try {
			VaultResponse response = call(() -> this.vault.read(dataPath(name)));
			Map<String, Object> data = (response != null) ? response.getData() : null;
			Object value = (data != null && data.get("data") instanceof Map<?, ?> values) ? values.get("value") : null;
			if (!(value instanceof String text)) {
				// 404 (no secret, or its current version soft-deleted) or not ours.
				this.valueCache.remove(name);
				this.seenHeldUntil.remove(name);
				throw new SecretNotFoundException(name);
			}
			int version = (data.get("metadata") instanceof Map<?, ?> metadata
					&& metadata.get("version") instanceof Number number) ? number.intValue() : 0;
			SecretValue read = SecretValue.ofString(text);
			this.valueCache.put(name, new VersionedValue(backend(), version, SecretValue.ofBytes(read.bytes())));
			seenHeld(name);
			return new VersionedValue(backend(), version, read);
		}
		catch (VaultUnreachableException ex) {
			VersionedValue cached = cachedOrRefuse(this.valueCache.get(name), "secret '" + name + "'");
			return new VersionedValue(cached.backend(), cached.version(), SecretValue.ofBytes(cached.value().bytes()));
		}
	}

	@Override
	public SecretMetadata write(String name, SecretValue value, @Nullable Rotation rotation) {
		SecretNames.check(name);
		Loaded before = writable(() -> readMetadata(name));
		int expectedVersion = (before != null) ? before.metadata().currentVersion() : 0;
		char[] chars = value.chars();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("options", Map.of("cas", expectedVersion));
		body.put("data", Map.of("value", new String(chars)));
		java.util.Arrays.fill(chars, '\0');
		writable(() -> this.vault.write(dataPath(name), body));
		Map<String, String> custom = new LinkedHashMap<>((before != null) ? before.custom() : Map.of());
		if (rotation != null) {
			putOrRemove(custom, MAX_AGE, (rotation.maxAge() != null) ? rotation.maxAge().toString() : null);
			putOrRemove(custom, POLICY, rotation.policy());
		}
		if (before == null || !custom.equals(before.custom())) {
			writable(() -> this.vault.write(metadataPath(name), Map.of("custom_metadata", custom)));
		}
		SecretMetadata written = metadata(name);
		this.valueCache.put(name,
				new VersionedValue(backend(), written.currentVersion(), SecretValue.ofBytes(value.bytes())));
		return written;
	}

	@Override
	public void delete(String name) {
		SecretMetadata current = liveMetadata(name);
		writable(() -> {
			// DELETE <mount>/data/<path>: a soft delete of the current version.
			this.keyValue.delete(relativePath(name));
			return null;
		});
		this.valueCache.remove(name);
		this.seenHeldUntil.remove(name);
		logger.debug("Soft-deleted version {} of Vault secret '{}'", current.currentVersion(), name);
	}

	@Override
	public SecretMetadata undelete(String name) {
		SecretNames.check(name);
		Loaded loaded = writable(() -> readMetadata(name));
		if (loaded == null) {
			throw new SecretNotFoundException(name);
		}
		int version = loaded.metadata().currentVersion();
		writable(() -> {
			this.keyValue.undelete(relativePath(name), Versioned.Version.from(version));
			return null;
		});
		return metadata(name);
	}

	@Override
	public void verify() {
		// Vault authenticates what it stores; reachability is the Vault health
		// indicator's.
	}

	/**
	 * Return the reachability this store reports to.
	 * @return the reachability
	 */
	public VaultReachability reachability() {
		return this.reachability;
	}

	/**
	 * Return how many values are cached in memory.
	 * @return the number of cached values
	 */
	public int cachedValues() {
		return this.valueCache.size();
	}

	private SecretMetadata liveMetadata(String name) {
		SecretNames.check(name);
		Loaded loaded = writable(() -> readMetadata(name));
		if (loaded == null || loaded.metadata().deleted()) {
			throw new SecretNotFoundException(name);
		}
		return loaded.metadata();
	}

	private @Nullable Loaded readMetadata(String name) {
		VaultResponse response = call(() -> this.vault.read(metadataPath(name)));
		if (response == null || response.getData() == null) {
			forget(name);
			return null;
		}
		Loaded loaded = parse(name, response.getData());
		if (loaded.versions().isEmpty()) {
			forget(name);
			return null;
		}
		this.metadataCache.put(name, loaded.metadata());
		this.versionsCache.put(name, loaded.versions());
		seenHeld(name);
		return loaded;
	}

	private void seenHeld(String name) {
		if (this.existenceCacheTime.isPositive()) {
			this.seenHeldUntil.put(name, this.clock.instant().plus(this.existenceCacheTime));
		}
	}

	private void forget(String name) {
		this.metadataCache.remove(name);
		this.versionsCache.remove(name);
		this.valueCache.remove(name);
		this.seenHeldUntil.remove(name);
	}

	private Loaded parse(String name, Map<String, Object> data) {
		int current = (data.get("current_version") instanceof Number number) ? number.intValue() : 0;
		Map<String, String> custom = new LinkedHashMap<>();
		if (data.get("custom_metadata") instanceof Map<?, ?> map) {
			map.forEach((key, value) -> custom.put(String.valueOf(key), String.valueOf(value)));
		}
		List<SecretVersion> versions = new ArrayList<>();
		Instant lastRotated = null;
		boolean deleted = false;
		if (data.get("versions") instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getValue() instanceof Map<?, ?> version) || Boolean.TRUE.equals(version.get("destroyed"))) {
					continue;
				}
				int number = Integer.parseInt(String.valueOf(entry.getKey()));
				Instant created = instant(version.get("created_time"));
				versions.add(new SecretVersion(number, (created != null) ? created : Instant.EPOCH, number == current));
				if (number == current) {
					lastRotated = created;
					Instant deletion = instant(version.get("deletion_time"));
					deleted = deletion != null && !deletion.isAfter(this.clock.instant());
				}
			}
		}
		versions.sort(Comparator.comparingInt(SecretVersion::version));
		Instant created = instant(data.get("created_time"));
		Instant first = (created != null) ? created : Instant.EPOCH;
		SecretMetadata metadata = new SecretMetadata(name, backend(), current, versions.size(), first,
				(lastRotated != null) ? lastRotated : first, duration(custom.get(MAX_AGE)), custom.get(POLICY),
				deleted);
		return new Loaded(metadata, List.copyOf(versions), Map.copyOf(custom));
	}

	/**
	 * Make a call to Vault, once more after a fresh login when Vault refuses the token.
	 * @throws VaultUnreachableException when Vault does not answer or cannot serve
	 */
	private <T> T call(Supplier<T> operation) {
		try {
			return answered(operation);
		}
		catch (TokenRefusedException refused) {
			this.manager.tokenRefused();
			try {
				return answered(operation);
			}
			catch (TokenRefusedException again) {
				throw new SecretStoreUnavailableException(
						"Vault refused access to the secrets path (permission denied): check the policies of the Vault "
								+ "role the platform logs in with");
			}
		}
	}

	private <T> T answered(Supplier<T> operation) {
		try {
			T result = operation.get();
			this.reachability.reachable();
			return result;
		}
		catch (RuntimeException ex) {
			if (ex instanceof ErrorResponse || ex instanceof VaultUnreachableException
					|| ex instanceof TokenRefusedException) {
				// Already sorted by a nested call.
				throw ex;
			}
			VaultFailures.Kind kind = VaultFailures.of(ex);
			switch (kind) {
				case FORBIDDEN -> {
					this.reachability.reachable();
					throw new TokenRefusedException();
				}
				case UNREACHABLE -> {
					this.reachability.unreachable(ex.getClass().getSimpleName());
					throw new VaultUnreachableException();
				}
				case CONFLICT -> {
					this.reachability.reachable();
					throw new VaultVersionConflictException();
				}
				default -> {
					this.reachability.reachable();
					logger.warn("Vault refused a request: {}", ex.getMessage());
					throw new SecretStoreUnavailableException("Vault refused the request; see the platform's log");
				}
			}
		}
	}

	/** A call that changes Vault: refused at once while Vault cannot be reached. */
	private <T> T writable(Supplier<T> operation) {
		try {
			return call(operation);
		}
		catch (VaultUnreachableException ex) {
			throw new SecretStoreUnavailableException("Vault at " + this.manager.address()
					+ " cannot be reached: secrets cannot be changed until it can");
		}
	}

	private <T> T cachedOrRefuse(@Nullable T cached, String what) {
		if (!this.reachability.withinGrace()) {
			throw new SecretStoreUnavailableException("Vault at " + this.manager.address() + " cannot be reached since "
					+ this.reachability.unreachableSince() + "; cached values were served until "
					+ this.reachability.graceEnds() + " (library.vault.cache-grace-period)");
		}
		if (cached == null) {
			throw new SecretStoreUnavailableException("Vault at " + this.manager.address()
					+ " cannot be reached and no copy of " + what + " is held in memory");
		}
		return cached;
	}

	private String relativePath(String name) {
		return this.path.isEmpty() ? name : this.path + "/" + name;
	}

	private String dataPath(String name) {
		return this.mount + "/data/" + relativePath(name);
	}

	private String metadataPath(String name) {
		return this.mount + "/metadata/" + relativePath(name);
	}

	private static void putOrRemove(Map<String, String> map, String key, @Nullable String value) {
		if (value != null) {
			map.put(key, value);
		}
		else {
			map.remove(key);
		}
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		if (!(value instanceof String text) || text.isEmpty()) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Duration duration(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String trimSlashes(String path) {
		String trimmed = path;
		while (trimmed.startsWith("/")) {
			trimmed = trimmed.substring(1);
		}
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private record Loaded(SecretMetadata metadata, List<SecretVersion> versions, Map<String, String> custom) {

	}

	/** Vault does not answer: the caller decides whether a cached copy may be served. */
	private static final class VaultUnreachableException extends RuntimeException {

		VaultUnreachableException() {
			super("Vault cannot be reached", null, false, false);
		}

	}

	/** Vault refused the session token. */
	private static final class TokenRefusedException extends RuntimeException {

		TokenRefusedException() {
			super("Vault refused the token", null, false, false);
		}

	}

}
