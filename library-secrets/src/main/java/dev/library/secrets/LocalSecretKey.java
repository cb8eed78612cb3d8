package dev.library.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Loads the AES-256 key of the {@link LocalSecretStore}: given inline (base64, usually
 * from the {@code LIBRARY_SECRETS_LOCAL_KEY} environment variable) or read from a key
 * file that holds it in base64. A key file inside the store directory is refused: a copy
 * of the data would carry its own key.
 *
 * @author Library
 */
public final class LocalSecretKey {

	private static final int KEY_BYTES = 32;

	private LocalSecretKey() {
	}

	/**
	 * Load the key.
	 * @param inline the key in base64, or {@code null}
	 * @param keyFile the key file, or {@code null}
	 * @param storeDirectory the store directory the key must stay out of
	 * @param generate whether to create the key file with a fresh random key when it does
	 * not exist
	 * @return the key, or {@code null} when none is configured
	 * @throws IllegalStateException when the key is misconfigured, with a message that
	 * names the property to fix
	 */
	public static @Nullable SecretKey load(@Nullable String inline, @Nullable Path keyFile, Path storeDirectory,
			boolean generate) {
		if (inline != null && !inline.isBlank()) {
			return decode(inline, "library.secrets.local.key");
		}
		if (keyFile == null) {
			return null;
		}
		Path store = storeDirectory.toAbsolutePath().normalize();
		Path key = keyFile.toAbsolutePath().normalize();
		if (key.startsWith(store) || realPath(key).startsWith(realPath(store))) {
			throw new IllegalStateException(
					"library.secrets.local.key-file (" + key + ") lies inside the secret store directory (" + store
							+ "); keep the key apart from the data it protects");
		}
		try {
			if (!Files.exists(key)) {
				if (!generate) {
					throw new IllegalStateException("library.secrets.local.key-file (" + key + ") does not exist");
				}
				byte[] fresh = new byte[KEY_BYTES];
				new SecureRandom().nextBytes(fresh);
				SecretFiles.createDirectory(key.getParent());
				SecretFiles.writeAtomically(key, Base64.getEncoder().encode(fresh));
				return new SecretKeySpec(fresh, "AES");
			}
			return decode(Files.readString(key, StandardCharsets.US_ASCII).trim(), "library.secrets.local.key-file");
		}
		catch (IOException ex) {
			throw new IllegalStateException("library.secrets.local.key-file (" + key + ") cannot be read or created: "
					+ ex.getClass().getSimpleName(), ex);
		}
	}

	private static Path realPath(Path path) {
		Path existing = path;
		Path rest = Path.of("");
		while (existing != null && !Files.exists(existing)) {
			rest = existing.getFileName().resolve(rest);
			existing = existing.getParent();
		}
		if (existing == null) {
			return path;
		}
		try {
			return existing.toRealPath().resolve(rest).normalize();
		}
		catch (IOException ex) {
			return path;
		}
	}

	private static SecretKey decode(String base64, String property) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + " is not base64");
		}
		if (bytes.length != KEY_BYTES) {
			throw new IllegalStateException(property + " must hold " + KEY_BYTES + " bytes (AES-256) in base64");
		}
		return new SecretKeySpec(bytes, "AES");
	}

}
