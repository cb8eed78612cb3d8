package dev.library.state;

/**
 * Rules of state keys and prefixes.
 * <p>
 * A key is a dotted path of one or more segments, such as {@code plant.tank1.level}: at
 * most {@value #MAX_LENGTH} characters, each segment one or more of {@code A-Z},
 * {@code a-z}, {@code 0-9}, {@code _} and {@code -}. The single-segment key
 * {@value #RESERVED} is reserved ({@code GET /state/watch} is the watch stream).
 * <p>
 * A prefix selects a key and every key below it, segment by segment: {@code plant.tank1}
 * selects {@code plant.tank1} and {@code plant.tank1.level}, not {@code plant.tank10}.
 * The empty prefix selects every key; a trailing dot is ignored.
 *
 * @author Library
 */
public final class StateKeys {

	/**
	 * Longest key, in characters.
	 */
	public static final int MAX_LENGTH = 256;

	/**
	 * Pattern of one segment.
	 */
	public static final String SEGMENT_PATTERN = "[A-Za-z0-9_-]+";

	/**
	 * The key that may not be used.
	 */
	public static final String RESERVED = "watch";

	private static final String RULES = "keys are dot-separated segments of letters, digits, '_' and '-', at most "
			+ MAX_LENGTH + " characters";

	private StateKeys() {
	}

	/**
	 * Check a key.
	 * @param key the key
	 * @return the key
	 * @throws InvalidStateKeyException naming the key and the rule it breaks
	 */
	public static String validate(String key) {
		String problem = check(key);
		if (problem != null) {
			throw new InvalidStateKeyException(key, rule(problem), "Key '" + InvalidStateKeyException.abbreviate(key)
					+ "' is invalid: " + reason(problem) + " (" + RULES + ")");
		}
		if (RESERVED.equals(key)) {
			throw new InvalidStateKeyException(key, "reserved",
					"Key '" + key + "' is reserved: GET /state/watch is the watch stream");
		}
		return key;
	}

	/**
	 * Check a prefix and return it without a trailing dot.
	 * @param prefix the prefix, empty for every key
	 * @return the normalized prefix
	 * @throws InvalidStateKeyException naming the prefix and the rule it breaks
	 */
	public static String validatePrefix(String prefix) {
		String normalized = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
		if (normalized.isEmpty()) {
			if (!prefix.isEmpty()) {
				throw new InvalidStateKeyException(prefix, "empty-segment",
						"Prefix '.' is invalid: use the empty prefix to select every key");
			}
			return normalized;
		}
		String problem = check(normalized);
		if (problem != null) {
			throw new InvalidStateKeyException(prefix, rule(problem),
					"Prefix '" + InvalidStateKeyException.abbreviate(prefix) + "' is invalid: " + reason(problem) + " ("
							+ RULES + ")");
		}
		return normalized;
	}

	/**
	 * Whether a key is selected by a (normalized) prefix: it is the prefix or lies below
	 * it.
	 * @param key the key
	 * @param prefix the prefix, as returned by {@link #validatePrefix(String)}
	 * @return whether the key is under the prefix
	 */
	public static boolean isUnder(String key, String prefix) {
		if (prefix.isEmpty()) {
			return true;
		}
		return key.startsWith(prefix) && (key.length() == prefix.length() || key.charAt(prefix.length()) == '.');
	}

	/**
	 * Return the first problem of a key as {@code rule:reason}, or {@code null}.
	 */
	private static String check(String key) {
		if (key == null || key.isEmpty()) {
			return "empty:it is empty";
		}
		if (key.length() > MAX_LENGTH) {
			return "too-long:it has " + key.length() + " characters, more than " + MAX_LENGTH;
		}
		int segmentStart = 0;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c == '.') {
				if (i == segmentStart) {
					return "empty-segment:it has an empty segment at position " + i;
				}
				segmentStart = i + 1;
			}
			else if (!isSegmentCharacter(c)) {
				return "illegal-character:character " + describe(c) + " at position " + i + " is not allowed";
			}
		}
		if (segmentStart == key.length()) {
			return "empty-segment:it ends with '.'";
		}
		return null;
	}

	private static boolean isSegmentCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

	private static String describe(char c) {
		return (c >= 0x20 && c < 0x7f) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	private static String rule(String problem) {
		return problem.substring(0, problem.indexOf(':'));
	}

	private static String reason(String problem) {
		return problem.substring(problem.indexOf(':') + 1);
	}

}
