package dev.library.secrets;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A backend holding named, versioned secrets. Implementations are thread-safe and may
 * block (files, network): callers on an event loop call them on a scheduler made for
 * blocking work.
 * <p>
 * Error contract: a name that breaks {@link SecretNames#PATTERN} is an
 * {@link InvalidSecretNameException}; a secret that does not exist, or is soft-deleted
 * where a live one is needed, a {@link SecretNotFoundException}; a write to a read-only
 * backend a {@link SecretStoreReadOnlyException}; stored data that fails its integrity
 * check a {@link SecretStoreIntegrityException}, never a silently wrong value.
 *
 * @author Library
 */
public interface SecretStore {

	/**
	 * Return the name of the backend, used in metadata, metrics and health.
	 * @return a name such as {@code local}
	 */
	String backend();

	/**
	 * Whether secrets can be written, rotated and deleted.
	 * @return whether the backend accepts writes
	 */
	boolean isWritable();

	/**
	 * List every secret, soft-deleted ones included, by name.
	 * @return the metadata of every secret
	 */
	List<SecretMetadata> list();

	/**
	 * Whether the backend holds a secret of this name, soft-deleted or not. The default
	 * looks the name up in {@link #list()}; a remote backend answers with one request.
	 * @param name the name
	 * @return whether the backend holds it
	 */
	default boolean contains(String name) {
		return list().stream().anyMatch((metadata) -> metadata.name().equals(name));
	}

	/**
	 * Return the metadata of a secret.
	 * @param name the name
	 * @return the metadata, soft-deleted or not
	 */
	SecretMetadata metadata(String name);

	/**
	 * Return the versions kept of a secret, oldest first.
	 * @param name the name
	 * @return the versions
	 */
	List<SecretVersion> versions(String name);

	/**
	 * Read the current version of a live secret.
	 * @param name the name
	 * @return the value
	 */
	SecretValue read(String name);

	/**
	 * Read the current version of a live secret together with its version number. The
	 * default asks {@link #metadata(String)} then {@link #read(String)}; a remote backend
	 * answers with one request.
	 * @param name the name
	 * @return the value and its version
	 */
	default VersionedValue readCurrent(String name) {
		SecretMetadata metadata = metadata(name);
		return new VersionedValue(metadata.backend(), metadata.currentVersion(), read(name));
	}

	/**
	 * Whether the backend lives outside the process, so that listing it costs requests
	 * (the health indicator then does not list it). The default is {@code false}.
	 * @return whether the backend is remote
	 */
	default boolean isRemote() {
		return false;
	}

	/**
	 * Write a new version of a secret, creating it (or bringing a soft-deleted one back)
	 * when needed. The oldest versions beyond the backend's maximum are dropped.
	 * @param name the name
	 * @param value the new value
	 * @param rotation the rotation settings to keep, or {@code null} to keep the current
	 * ones
	 * @return the metadata after the write
	 */
	SecretMetadata write(String name, SecretValue value, @Nullable Rotation rotation);

	/**
	 * Soft-delete a secret: reads fail, its versions are kept until it is written again
	 * or brought back.
	 * @param name the name
	 */
	void delete(String name);

	/**
	 * Bring back a soft-deleted secret.
	 * @param name the name
	 * @return the metadata after the undelete
	 */
	SecretMetadata undelete(String name);

	/**
	 * Check that everything stored can be read and is intact.
	 * @throws SecretStoreIntegrityException when it is not
	 */
	void verify();

	/**
	 * How a secret is rotated on a schedule.
	 *
	 * @param maxAge the age at which it is rotated, or {@code null} for never
	 * @param policy the generation policy, or {@code null} for the default
	 */
	record Rotation(@Nullable Duration maxAge, @Nullable String policy) {

	}

}
