package dev.library.secrets;

/**
 * The current value of a secret with the backend holding it and its version number.
 * {@link #toString()} never shows the value.
 *
 * @param backend the backend holding the secret
 * @param version the version number of the value
 * @param value the value
 * @author Library
 */
public record VersionedValue(String backend, int version, SecretValue value) {

	@Override
	public String toString() {
		return "VersionedValue[backend=" + this.backend + ", version=" + this.version + ", value=redacted]";
	}

}
