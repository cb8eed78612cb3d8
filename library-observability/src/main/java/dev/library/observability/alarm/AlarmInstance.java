package dev.library.observability.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.library.state.Quality;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The mutable life cycle of one alarm, owned by an {@link AlarmEngine} and changed only
 * under its lock.
 * <p>
 * The annunciation state ({@code NORMAL}, {@code UNACK}, {@code ACKED},
 * {@code RTN_UNACK}) follows the condition and acknowledgements. Out of service, shelved
 * and suppressed by design lie over it, in that order of precedence; while one does, the
 * alarm is not annunciated, and once none does, the annunciation state starts again from
 * the condition: {@code UNACK} if it is active, {@code NORMAL} if not.
 *
 * @author Library
 */
final class AlarmInstance {

	final String id;

	final AlarmDefinition definition;

	final String key;

	/** Whether the condition is met, before the delays. */
	boolean met;

	/** When {@link #met} last changed. */
	Instant metSince;

	/** Whether the condition is active, after the delays. */
	boolean active;

	AlarmState annunciation = AlarmState.NORMAL;

	@Nullable Instant lastUpdate;

	@Nullable JsonNode value;

	/** The quality of {@link #value}. */
	@Nullable Quality quality;

	/** The last numeric value of a rate-of-change alarm, and when it came. */
	@Nullable Double lastNumber;

	@Nullable Instant lastNumberAt;

	/** The message rendered with {@link #value}, or {@code null} until it is needed. */
	@Nullable String message;

	@Nullable Instant activeSince;

	@Nullable String acknowledgedBy;

	@Nullable Instant acknowledgedAt;

	@Nullable String shelvedBy;

	@Nullable Instant shelvedUntil;

	boolean suppressed;

	boolean outOfService;

	/** When the alarm became active lately, for chatter detection. */
	final Deque<Instant> activations = new ArrayDeque<>(4);

	/** The severity an escalation raised the current activation to, or {@code null}. */
	@Nullable AlarmSeverity raisedSeverity;

	Instant changedAt;

	AlarmInstance(AlarmDefinition definition, String key, Instant now) {
		this.id = definition.name() + "." + key;
		this.definition = definition;
		this.key = key;
		this.metSince = now;
		this.changedAt = now;
	}

	AlarmState state() {
		if (this.outOfService) {
			return AlarmState.OUT_OF_SERVICE;
		}
		if (this.shelvedUntil != null) {
			return AlarmState.SHELVED;
		}
		if (this.suppressed) {
			return AlarmState.SUPPRESSED_BY_DESIGN;
		}
		return this.annunciation;
	}

	boolean isOverlaid() {
		return this.outOfService || this.shelvedUntil != null || this.suppressed;
	}

	/**
	 * Return the delay the condition's current verdict must hold before the alarm follows
	 * it.
	 */
	Duration pendingDelay() {
		return this.met ? this.definition.onDelay() : this.definition.offDelay();
	}

	/**
	 * Make the annunciation state follow a change of {@link #active}.
	 */
	void activeChanged(Instant now) {
		if (this.active) {
			this.activeSince = now;
			this.acknowledgedBy = null;
			this.acknowledgedAt = null;
		}
		// an escalation's raise lasts for the activation
		this.raisedSeverity = null;
		if (isOverlaid()) {
			return;
		}
		if (this.active) {
			this.annunciation = AlarmState.UNACK;
		}
		else if (this.annunciation == AlarmState.UNACK) {
			this.annunciation = AlarmState.RTN_UNACK;
		}
		else if (this.annunciation == AlarmState.ACKED) {
			this.annunciation = AlarmState.NORMAL;
		}
	}

	/**
	 * Start the annunciation state again from the condition, as an overlay is lifted.
	 */
	void overlayChanged() {
		if (isOverlaid()) {
			this.annunciation = AlarmState.NORMAL;
		}
		else if (this.annunciation == AlarmState.NORMAL && this.active) {
			this.annunciation = AlarmState.UNACK;
		}
	}

	String message() {
		String rendered = this.message;
		if (rendered == null) {
			rendered = MessageTemplate.render(this.definition, this.key, this.value);
			this.message = rendered;
		}
		return rendered;
	}

	AlarmSeverity severity() {
		return (this.raisedSeverity != null) ? this.raisedSeverity : this.definition.severity();
	}

	Alarm snapshot() {
		AlarmDefinition definition = this.definition;
		return new Alarm(this.id, definition.name(), this.key, definition.type(), severity(), definition.area(),
				definition.tags(), state(), this.active, message(), this.value, this.activeSince, this.acknowledgedBy,
				this.acknowledgedAt, this.shelvedBy, this.shelvedUntil, this.suppressed, this.outOfService,
				this.changedAt);
	}

	void restore(Alarm alarm, Instant now) {
		this.active = alarm.active();
		this.met = alarm.active();
		this.metSince = now;
		this.lastUpdate = now;
		this.value = alarm.value();
		this.message = alarm.message();
		this.activeSince = alarm.activeSince();
		this.acknowledgedBy = alarm.acknowledgedBy();
		this.acknowledgedAt = alarm.acknowledgedAt();
		this.shelvedBy = alarm.shelvedBy();
		this.shelvedUntil = alarm.shelvedUntil();
		this.suppressed = alarm.suppressed();
		this.outOfService = alarm.outOfService();
		this.raisedSeverity = (alarm.severity().compareTo(this.definition.severity()) < 0) ? alarm.severity() : null;
		this.changedAt = alarm.changedAt();
		AlarmState state = alarm.state();
		boolean annunciationState = state == AlarmState.NORMAL || state == AlarmState.UNACK || state == AlarmState.ACKED
				|| state == AlarmState.RTN_UNACK;
		this.annunciation = annunciationState ? state : AlarmState.NORMAL;
	}

}
