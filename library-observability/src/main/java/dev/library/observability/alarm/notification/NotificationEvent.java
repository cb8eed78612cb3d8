package dev.library.observability.alarm.notification;

import dev.library.observability.alarm.AlarmState;
import dev.library.observability.alarm.AlarmTransition;
import dev.library.observability.alarm.ChatterPolicy;
import org.jspecify.annotations.Nullable;

/**
 * What a notification tells of an alarm.
 *
 * @author Library
 */
public enum NotificationEvent {

	/**
	 * The alarm became active and waits for acknowledgement ({@code UNACK}).
	 */
	RAISED,

	/**
	 * An operator acknowledged the alarm.
	 */
	ACKNOWLEDGED,

	/**
	 * The alarm's condition cleared ({@code NORMAL} or {@code RTN_UNACK}).
	 */
	CLEARED,

	/**
	 * The alarm stayed unacknowledged beyond an escalation step's time.
	 */
	ESCALATED,

	/**
	 * The alarm chattered and the system shelved it (reported once).
	 */
	CHATTERING,

	/**
	 * The alarm's area started flooding: this alarm tipped it, and the raised alarms of
	 * the area are held back until the flood is over.
	 */
	FLOOD,

	/**
	 * The flood of the alarm's area is over; the reason says how many raised alarms were
	 * held back.
	 */
	FLOOD_ENDED;

	/**
	 * Return what a transition tells, if anything worth a notification.
	 * @param transition the transition
	 * @return the event, or {@code null} for transitions that notify nobody (shelving,
	 * suppression, service changes)
	 */
	static @Nullable NotificationEvent of(AlarmTransition transition) {
		AlarmState from = transition.from();
		AlarmState to = transition.to();
		if (from == to) {
			return null;
		}
		if (to == AlarmState.SHELVED && transition.who().equals(AlarmTransition.SYSTEM)
				&& transition.why().startsWith(ChatterPolicy.REASON_PREFIX)) {
			return CHATTERING;
		}
		if (to == AlarmState.UNACK) {
			// newly active, active again after clearing, or annunciated again as an
			// overlay (shelve, suppression, out of service) is lifted
			return RAISED;
		}
		if ((from == AlarmState.UNACK && to == AlarmState.ACKED)
				|| (from == AlarmState.RTN_UNACK && to == AlarmState.NORMAL)) {
			return (transition.who().equals(AlarmTransition.SYSTEM)) ? null : ACKNOWLEDGED;
		}
		if ((from == AlarmState.UNACK && to == AlarmState.RTN_UNACK)
				|| (from == AlarmState.ACKED && to == AlarmState.NORMAL)) {
			return CLEARED;
		}
		return null;
	}

}
