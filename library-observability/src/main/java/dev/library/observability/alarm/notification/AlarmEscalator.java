package dev.library.observability.alarm.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmState;
import dev.library.observability.alarm.AlarmTransition;

/**
 * Escalates alarms left unacknowledged: on each {@link #check()}, an alarm in
 * {@code UNACK} whose activation is older than a step's {@code after} fires that step
 * once per activation, raising its severity and notifying the step's channels. An
 * acknowledgement, clearing or shelving ends the escalation; a new activation starts it
 * again.
 *
 * @author Library
 */
public class AlarmEscalator {

	private final AlarmEngine engine;

	private final List<EscalationStep> steps;

	private final NotificationDispatcher dispatcher;

	private final Clock clock;

	/** Steps fired, per alarm id, for the activation that began at the key's instant. */
	private final Map<String, Map.Entry<Instant, BitSet>> fired = new HashMap<>();

	/**
	 * Create a new instance.
	 * @param engine the engine whose alarms are escalated
	 * @param steps the steps, in order
	 * @param dispatcher delivers the notifications
	 * @param clock the clock the steps' times are measured by
	 */
	public AlarmEscalator(AlarmEngine engine, List<EscalationStep> steps, NotificationDispatcher dispatcher,
			Clock clock) {
		this.engine = engine;
		this.steps = List.copyOf(steps);
		this.dispatcher = dispatcher;
		this.clock = clock;
		for (EscalationStep step : this.steps) {
			for (String channel : step.channels()) {
				if (!dispatcher.channels().contains(channel)) {
					throw new IllegalArgumentException("Unknown channel '" + channel + "'");
				}
			}
		}
	}

	/**
	 * Fire the steps whose time has come.
	 */
	public synchronized void check() {
		if (this.steps.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Set<String> waiting = new HashSet<>();
		for (Alarm alarm : this.engine.alarms()) {
			Instant activeSince = alarm.activeSince();
			if (alarm.state() != AlarmState.UNACK || activeSince == null) {
				continue;
			}
			waiting.add(alarm.id());
			Map.Entry<Instant, BitSet> entry = this.fired.get(alarm.id());
			if (entry == null || !entry.getKey().equals(activeSince)) {
				entry = Map.entry(activeSince, new BitSet());
				this.fired.put(alarm.id(), entry);
			}
			for (int i = 0; i < this.steps.size(); i++) {
				EscalationStep step = this.steps.get(i);
				if (entry.getValue().get(i) || now.isBefore(activeSince.plus(step.after())) || !step.appliesTo(alarm)) {
					continue;
				}
				entry.getValue().set(i);
				alarm = fire(alarm, i + 1, step, now);
			}
		}
		this.fired.keySet().retainAll(waiting);
	}

	private Alarm fire(Alarm alarm, int number, EscalationStep step, Instant now) {
		String reason = "not acknowledged within " + step.after() + " (escalation step " + number + ")";
		Alarm escalated = alarm;
		if (step.raiseTo() != null) {
			escalated = this.engine
				.raiseSeverity(alarm.id(), step.raiseTo(), AlarmTransition.SYSTEM,
						reason + ": severity raised to " + step.raiseTo().name().toLowerCase())
				.orElse(alarm);
		}
		AlarmNotification notification = new AlarmNotification(UUID.randomUUID().toString(),
				NotificationEvent.ESCALATED, escalated, reason, now, number);
		for (String channel : step.channels()) {
			this.dispatcher.send(channel, notification);
		}
		return escalated;
	}

}
