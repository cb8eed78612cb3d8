package dev.library.canbus;

import dev.library.state.Quality;

/**
 * How a message's last frame (or its absence) looks to the liveness checks, published
 * under the message's {@code liveness} key for alarms to watch.
 *
 * @author Library
 */
public enum Liveness {

	/** The message arrives in time, its counter counts and its checksum holds. */
	OK(Quality.GOOD),

	/** The message has been missing for longer than its allowed multiple of its cycle. */
	MISSING(Quality.BAD),

	/**
	 * The rolling counter jumped: frames were lost, the values of this one are still the
	 * sender's.
	 */
	COUNTER_SKIPPED(Quality.UNCERTAIN),

	/** The rolling counter did not move: the sender may be stuck repeating itself. */
	COUNTER_REPEATED(Quality.BAD),

	/** The checksum does not match the payload. */
	CHECKSUM_FAILED(Quality.BAD);

	private final Quality quality;

	Liveness(Quality quality) {
		this.quality = quality;
	}

	/**
	 * Return the quality the message's signals get.
	 * @return the quality
	 */
	public Quality quality() {
		return this.quality;
	}

}
