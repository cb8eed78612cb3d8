package dev.library.security.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.library.security.ApiToken;
import dev.library.security.ApiTokenValues;
import dev.library.security.DeclaredApiTokens;
import dev.library.security.Role;

/**
 * Reads the admin tokens declared by {@code library.security.bootstrap-token} and
 * {@code library.security.bootstrap-token-file}, keeping only their hashes. A declared
 * value that could be guessed stops start-up; the message never repeats it.
 */
final class BootstrapTokens {

	static final String NAME = "bootstrap";

	static final String FILE_NAME = "bootstrap-file";

	private BootstrapTokens() {
	}

	static DeclaredApiTokens read(SecurityProperties properties) {
		List<ApiToken> tokens = new ArrayList<>();
		Instant now = Instant.now();
		String value = properties.getBootstrapToken();
		if (value != null && !value.isBlank()) {
			tokens.add(declared(NAME, value.trim(), "library.security.bootstrap-token", now));
		}
		Path file = properties.getBootstrapTokenFile();
		if (file != null) {
			try {
				String content = Files.readString(file, StandardCharsets.UTF_8).trim();
				tokens.add(declared(FILE_NAME, content, "library.security.bootstrap-token-file (" + file + ")", now));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(
						"library.security.bootstrap-token-file: could not read " + file + ": " + ex.getMessage(), ex);
			}
		}
		return new DeclaredApiTokens(tokens);
	}

	private static ApiToken declared(String name, String value, String origin, Instant now) {
		if (!ApiTokenValues.isApiToken(value) || value.length() < ApiTokenValues.MIN_LENGTH
				|| !ApiTokenValues.isWellFormed(value)) {
			throw new IllegalStateException(origin + " must start with '" + ApiTokenValues.PREFIX + "', have at least "
					+ ApiTokenValues.MIN_LENGTH + " and at most " + ApiTokenValues.MAX_LENGTH
					+ " characters and only letters, digits, '-', '_', '.' and '~'");
		}
		return new ApiToken(name, Set.of(Role.ADMIN), now, ApiTokenValues.hash(value));
	}

}
