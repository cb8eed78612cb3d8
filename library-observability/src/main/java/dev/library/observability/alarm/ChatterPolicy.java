package dev.library.observability.alarm;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * When an alarm chatters: more than {@code maxActivations} activations within
 * {@code window} shelve it automatically, by the system, for {@code shelveFor}, so that
 * operators get one report instead of a stream of raises and clears.
 *
 * @param maxActivations activations allowed within the window, 0 to never shelve
 * @param window the sliding window activations are counted in
 * @param shelveFor how long a chattering alarm is shelved
 * @author Library
 */
public record ChatterPolicy(int maxActivations, Duration window, Duration shelveFor) {

	/**
	 * No chatter handling.
	 */
	public static final ChatterPolicy NONE = new ChatterPolicy(0, Duration.ofMinutes(1), Duration.ofMinutes(1));

	/**
	 * The reason a chattering alarm is shelved with starts with this.
	 */
	public static final String REASON_PREFIX = "chattering: ";

	public ChatterPolicy {
		Assert.isTrue(maxActivations >= 0, "'maxActivations' must not be negative");
		Assert.isTrue(window.isPositive(), "'window' must be positive");
		Assert.isTrue(shelveFor.isPositive(), "'shelveFor' must be positive");
	}

	/**
	 * Whether chattering alarms are shelved.
	 * @return whether the policy is on
	 */
	public boolean isEnabled() {
		return this.maxActivations > 0;
	}

}
