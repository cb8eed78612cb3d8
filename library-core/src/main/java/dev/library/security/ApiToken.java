package dev.library.security;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stored API token: its name, its roles, when it was created and the SHA-256 hash of
 * its value. The value itself is never stored; it is shown once, when the token is
 * created.
 *
 * @param name unique name, such as {@code plc-gateway}
 * @param roles the roles granted to whoever presents the token
 * @param created when the token was created
 * @param hash lower-case hexadecimal SHA-256 of the token value
 * @author Library
 */
public record ApiToken(String name, Set<Role> roles, Instant created, String hash) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

	public ApiToken {
		roles = Set.copyOf(roles);
	}

	/**
	 * Whether the given text may name a token: 1 to 64 lower-case letters, digits, dots,
	 * dashes and underscores, starting with a letter or digit.
	 * @param name the candidate
	 * @return whether it is a valid name
	 */
	public static boolean isValidName(String name) {
		return NAME.matcher(name).matches();
	}

}
