package dev.library.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hides the values of secret-looking properties before they leave the process: a property
 * whose last name segment mentions a password, secret, token, credential, key or similar,
 * every property under {@code library.secrets.}, and the password of a URI such as
 * {@code postgres://user:pw@host}.
 *
 * @author Library
 */
public final class SecretRedactor {

	/**
	 * What a hidden value is replaced with.
	 */
	public static final String REDACTED = "******";

	private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token",
			"credential", "privatekey", "apikey", "accesskey", "passphrase", "authorization", "signingkey",
			"encryptionkey", "sharedkey");

	private static final String SECRETS_PREFIX = "library.secrets.";

	private static final Pattern URI_PASSWORD = Pattern
		.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@\\s]*:)([^@/?#\\s]+)(@)");

	private SecretRedactor() {
	}

	/**
	 * Whether the value of the property with the given name is a secret.
	 * @param name a property name in any relaxed form, such as
	 * {@code library.kafka.ssl.key-store-password} or {@code LIBRARY_KAFKA_APITOKEN}
	 * @return whether its value must not be shown
	 */
	public static boolean isSecret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.startsWith(SECRETS_PREFIX) || lower.startsWith(SECRETS_PREFIX.replace('.', '_'))) {
			return true;
		}
		String last = lastSegment(lower);
		for (String word : SECRET_WORDS) {
			if (last.contains(word)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the value of the given property as it may be shown.
	 * @param name the property name
	 * @param value the value
	 * @return {@link #REDACTED} for a secret, the value with any URI password hidden
	 * otherwise, {@code null} for {@code null}
	 */
	public static @Nullable String redact(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		if (isSecret(name)) {
			return REDACTED;
		}
		Matcher matcher = URI_PASSWORD.matcher(value);
		return matcher.find() ? matcher.replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "$3") : value;
	}

	/**
	 * Return the last segment without dashes or underscores, joined to the one before it
	 * when it is just "key" ({@code private.key} from {@code PRIVATE_KEY}).
	 */
	private static String lastSegment(String name) {
		String[] segments = name.replaceAll("\\[[^\\]]*\\]", "").split("\\.");
		String last = normalize(segments[segments.length - 1]);
		if (last.equals("key") && segments.length > 1) {
			return normalize(segments[segments.length - 2]) + last;
		}
		return last;
	}

	private static String normalize(String segment) {
		return segment.replace("-", "").replace("_", "");
	}

}
