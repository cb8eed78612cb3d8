package dev.library.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The content of the watched configuration file at one moment, or its absence.
 *
 * @param path the file
 * @param content the bytes read, or {@code null} if the file does not exist
 * @param hash the SHA-256 of the content, or {@code null} if the file does not exist
 * @author Library
 */
public record ConfigFileSnapshot(Path path, byte @Nullable [] content, @Nullable String hash) {

	/**
	 * Read the file, following symbolic links (a Kubernetes ConfigMap volume swaps a
	 * {@code ..data} link when it updates).
	 * @param path the file
	 * @return the snapshot; {@link #exists()} is false if there is no such file
	 * @throws IOException if the file exists but cannot be read
	 */
	public static ConfigFileSnapshot read(Path path) throws IOException {
		if (!Files.exists(path)) {
			return new ConfigFileSnapshot(path, null, null);
		}
		if (Files.isDirectory(path)) {
			throw new IOException("it is a directory, not a file");
		}
		try {
			byte[] content = Files.readAllBytes(path);
			return new ConfigFileSnapshot(path, content, hash(content));
		}
		catch (AccessDeniedException ex) {
			throw new IOException("permission denied", ex);
		}
		catch (NoSuchFileException ex) {
			// removed between the check and the read, as a ConfigMap update may do
			return new ConfigFileSnapshot(path, null, null);
		}
	}

	/**
	 * Whether the file existed when it was read.
	 * @return whether it exists
	 */
	public boolean exists() {
		return this.content != null;
	}

	static String hash(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ConfigFileSnapshot that && this.path.equals(that.path)
				&& Objects.equals(this.hash, that.hash);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.path, this.hash);
	}

	@Override
	public String toString() {
		return "ConfigFileSnapshot[" + this.path + ", " + ((this.hash != null) ? this.hash : "missing") + "]";
	}

}
