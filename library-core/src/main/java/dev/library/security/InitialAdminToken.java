package dev.library.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The first start never opens the door: when no API token is stored, none is declared in
 * configuration and no JWT issuer is configured, an admin token is generated, its hash
 * stored under {@value #NAME} and its value written to a file only the process owner may
 * read. The log names the file, never the value.
 *
 * @author Library
 */
public final class InitialAdminToken {

	/**
	 * Name of the generated token.
	 */
	public static final String NAME = "initial-admin";

	/**
	 * Name of the file the value is written to, in the security data directory.
	 */
	public static final String FILE_NAME = "admin-token";

	private static final Log logger = LogFactory.getLog(InitialAdminToken.class);

	private InitialAdminToken() {
	}

	/**
	 * Generate the initial admin token when the store is empty.
	 * @param store the token store
	 * @param directory the security data directory
	 * @param clock the clock
	 * @return whether a token was generated
	 */
	public static boolean createIfNoneExists(ApiTokenStore store, Path directory, Clock clock) {
		if (!store.list().isEmpty()) {
			return false;
		}
		String value = ApiTokenValues.generate();
		Path file = directory.resolve(FILE_NAME);
		try {
			OwnerOnlyFiles.writeAtomically(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the initial admin token to " + file, ex);
		}
		store.create(new ApiToken(NAME, Set.of(Role.ADMIN), Instant.now(clock), ApiTokenValues.hash(value)));
		logger.warn("No API token is stored, none is declared and no JWT issuer is configured: an admin API token "
				+ "was generated into " + file.toAbsolutePath() + " (readable by its owner only). Send it as "
				+ "'Authorization: Bearer <token>', create named tokens with POST /security/tokens, then revoke '"
				+ NAME + "' and delete the file.");
		return true;
	}

}
