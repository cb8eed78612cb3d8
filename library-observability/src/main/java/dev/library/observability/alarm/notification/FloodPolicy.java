package dev.library.observability.alarm.notification;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * When alarms flood an area: more than {@code maxRaised} alarms raised in one area within
 * {@code window} (ISA-18.2 suggests 10 per 10 minutes) send one flood notification and
 * hold back the individual ones until the rate falls again.
 *
 * @param maxRaised raised alarms allowed per area within the window, 0 to never hold back
 * @param window the sliding window raised alarms are counted in
 * @author Library
 */
public record FloodPolicy(int maxRaised, Duration window) {

	/**
	 * No flood handling.
	 */
	public static final FloodPolicy NONE = new FloodPolicy(0, Duration.ofMinutes(10));

	public FloodPolicy {
		Assert.isTrue(maxRaised >= 0, "'maxRaised' must not be negative");
		Assert.isTrue(window.isPositive(), "'window' must be positive");
	}

	/**
	 * Whether floods are detected.
	 * @return whether the policy is on
	 */
	public boolean isEnabled() {
		return this.maxRaised > 0;
	}

}
