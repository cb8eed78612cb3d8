package dev.library.observability.alarm;

/**
 * Matches state keys against a definition's key or pattern, where {@code *} stands for
 * exactly one segment.
 *
 * @author Library
 */
final class KeyPattern {

	private final String[] segments;

	KeyPattern(String pattern) {
		this.segments = pattern.split("\\.", -1);
	}

	boolean matches(String key) {
		String[] keySegments = key.split("\\.", -1);
		if (keySegments.length != this.segments.length) {
			return false;
		}
		for (int i = 0; i < keySegments.length; i++) {
			if (!"*".equals(this.segments[i]) && !this.segments[i].equals(keySegments[i])) {
				return false;
			}
		}
		return true;
	}

}
