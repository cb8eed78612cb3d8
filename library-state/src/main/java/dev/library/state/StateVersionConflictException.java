package dev.library.state;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * A conditional write found another version than the one expected. Rendered as a 412
 * problem of type {@code https://library.dev/problems/precondition-failed} with the
 * {@code key}, the {@code expectedVersion} and the {@code currentVersion} (0 when the key
 * does not exist).
 *
 * @author Library
 */
public class StateVersionConflictException extends ProblemException {

	private final long expectedVersion;

	private final long currentVersion;

	public StateVersionConflictException(String key, long expectedVersion, long currentVersion) {
		this(key, expectedVersion, currentVersion, describe(key, expectedVersion, currentVersion));
	}

	/**
	 * Create a new instance with the given detail, for a condition that is not one
	 * version (such as {@code If-Match: *}).
	 * @param key the key
	 * @param expectedVersion the version expected, or -1 if the condition was not a
	 * version
	 * @param currentVersion the version found, 0 when the key does not exist
	 * @param detail the detail
	 */
	public StateVersionConflictException(String key, long expectedVersion, long currentVersion, String detail) {
		super(HttpStatus.PRECONDITION_FAILED, ProblemTypes.PRECONDITION_FAILED, "Version conflict", detail);
		this.expectedVersion = expectedVersion;
		this.currentVersion = currentVersion;
		getBody().setProperty("key", key);
		if (expectedVersion >= 0) {
			getBody().setProperty("expectedVersion", expectedVersion);
		}
		getBody().setProperty("currentVersion", currentVersion);
	}

	private static String describe(String key, long expected, long current) {
		String expectation = (expected == 0) ? "not to exist" : "to be at version " + expected;
		String actual = (current == 0) ? "it does not exist" : "it is at version " + current;
		return "Key '" + key + "' was expected " + expectation + ", but " + actual;
	}

	/**
	 * Return the version the writer expected, 0 for "absent", -1 if the condition was not
	 * a version.
	 * @return the expected version
	 */
	public long getExpectedVersion() {
		return this.expectedVersion;
	}

	/**
	 * Return the version found, 0 when the key does not exist.
	 * @return the current version
	 */
	public long getCurrentVersion() {
		return this.currentVersion;
	}

}
