package dev.library.observability.alarm;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * One change of an alarm's state, with who made it, when and why.
 *
 * @param sequence position of the transition among those of its engine, strictly
 * increasing
 * @param alarmId the alarm
 * @param from the state before
 * @param to the state after
 * @param at when
 * @param who the principal that acted, or {@code system} for condition changes and timers
 * @param why the reason: the alarm message, the operator's reason, an expiry
 * @author Library
 */
public record AlarmTransition(long sequence, String alarmId, AlarmState from, AlarmState to, Instant at, String who,
		String why) {

	/**
	 * The {@code who} of transitions made by the engine itself.
	 */
	public static final String SYSTEM = "system";

	public AlarmTransition {
		Assert.hasText(alarmId, "'alarmId' must not be empty");
		Assert.notNull(from, "'from' must not be null");
		Assert.notNull(to, "'to' must not be null");
		Assert.notNull(at, "'at' must not be null");
		Assert.hasText(who, "'who' must not be empty");
		Assert.notNull(why, "'why' must not be null");
	}

}
