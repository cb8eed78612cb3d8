package dev.library.secrets;

import java.util.regex.Pattern;

/**
 * The names a secret may have: 1 to 128 letters, digits, {@code .}, {@code _} and
 * {@code -}, starting with a letter or digit. Names are used as file names by the local
 * store, so anything else (such as {@code /} or {@code ..}) is refused. {@code audit} is
 * reserved: {@code GET /secrets/audit} is the audit log.
 *
 * @author Library
 */
public final class SecretNames {

	/**
	 * The pattern every name matches.
	 */
	public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private static final String RESERVED = "audit";

	private SecretNames() {
	}

	/**
	 * Whether a name is valid.
	 * @param name the name
	 * @return whether it matches {@link #PATTERN}
	 */
	public static boolean isValid(String name) {
		return PATTERN.matcher(name).matches() && !RESERVED.equals(name);
	}

	/**
	 * Check a name.
	 * @param name the name
	 * @return the name
	 * @throws InvalidSecretNameException when it is not valid
	 */
	public static String check(String name) {
		if (!isValid(name)) {
			throw new InvalidSecretNameException();
		}
		return name;
	}

}
