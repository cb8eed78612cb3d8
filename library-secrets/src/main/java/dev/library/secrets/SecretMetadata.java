package dev.library.secrets;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What may be known about a secret without its value.
 *
 * @param name the name
 * @param backend the backend holding it, such as {@code local} or {@code kubernetes}
 * @param currentVersion the version a read returns
 * @param versions how many versions are kept
 * @param created when the first version was written
 * @param lastRotated when the current version was written
 * @param maxAge the age at which the secret is rotated, or {@code null} when it is not
 * rotated on a schedule
 * @param policy the generation policy used to rotate it, or {@code null} for the default
 * @param deleted whether the secret is soft-deleted
 * @author Library
 */
public record SecretMetadata(String name, String backend, int currentVersion, int versions, Instant created,
		Instant lastRotated, @Nullable Duration maxAge, @Nullable String policy, boolean deleted) {

	/**
	 * Return when the secret is next rotated on its schedule.
	 * @return the time, or {@code null} when it has no maximum age
	 */
	public @Nullable Instant nextRotation() {
		return (this.maxAge != null) ? this.lastRotated.plus(this.maxAge) : null;
	}

}
