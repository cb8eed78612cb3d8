package dev.library.observability.alarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.library.state.Quality;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * The alarm life cycle as a clock-driven state machine, free of Spring, Reactor and I/O:
 * it is fed the values of state keys ({@link #update}, {@link #delete}), the passing of
 * time ({@link #tick}) and operator actions, and tells its {@link AlarmListener} of every
 * transition. Thread-safe: every method holds the engine's lock.
 * <p>
 * An alarm exists from the start for a definition on one key, and from the first value of
 * a matching key for a definition on a pattern. On-delays, off-delays, stale data and
 * shelve expiry are evaluated on {@link #tick()}: a condition that has held for its delay
 * takes effect at the first tick after.
 *
 * @author Library
 */
public final class AlarmEngine {

	private volatile List<AlarmDefinition> definitions;

	private Map<String, List<AlarmDefinition>> definitionsByKey = new HashMap<>();

	private KeyPatternIndex<AlarmDefinition> patterns = new KeyPatternIndex<>();

	private Map<String, List<AlarmDefinition>> suppressionsByKey = new HashMap<>();

	private final Map<String, String> suppressionValues = new HashMap<>();

	private final Map<String, AlarmInstance> alarms = new LinkedHashMap<>();

	private final Clock clock;

	private final Duration maxShelveDuration;

	private final AlarmListener listener;

	private final ChatterPolicy chatter;

	private long sequence;

	/**
	 * Create a new engine.
	 * @param definitions the definitions, with unique names
	 * @param clock the clock of every timestamp and timer
	 * @param maxShelveDuration the longest an alarm may be shelved
	 * @param listener told of every transition
	 */
	public AlarmEngine(List<AlarmDefinition> definitions, Clock clock, Duration maxShelveDuration,
			AlarmListener listener) {
		this(definitions, clock, maxShelveDuration, ChatterPolicy.NONE, listener);
	}

	/**
	 * Create a new engine that shelves chattering alarms.
	 * @param definitions the definitions, with unique names
	 * @param clock the clock of every timestamp and timer
	 * @param maxShelveDuration the longest an alarm may be shelved
	 * @param chatter when an alarm chatters, and for how long it is then shelved (at most
	 * the maximum shelve duration)
	 * @param listener told of every transition
	 */
	public AlarmEngine(List<AlarmDefinition> definitions, Clock clock, Duration maxShelveDuration,
			ChatterPolicy chatter, AlarmListener listener) {
		Assert.isTrue(maxShelveDuration.isPositive(), "'maxShelveDuration' must be positive");
		Assert.isTrue(chatter.shelveFor().compareTo(maxShelveDuration) <= 0,
				"A chattering alarm cannot be shelved for longer than the maximum shelve duration");
		this.chatter = chatter;
		this.definitions = List.copyOf(definitions);
		this.clock = clock;
		this.maxShelveDuration = maxShelveDuration;
		this.listener = listener;
		index(this.definitions);
		Instant now = clock.instant();
		for (AlarmDefinition definition : this.definitions) {
			if (!definition.isPattern()) {
				create(definition, definition.key(), now);
			}
		}
	}

	private void index(List<AlarmDefinition> definitions) {
		Map<String, List<AlarmDefinition>> byKey = new HashMap<>();
		KeyPatternIndex<AlarmDefinition> byPattern = new KeyPatternIndex<>();
		Map<String, List<AlarmDefinition>> bySuppressionKey = new HashMap<>();
		for (AlarmDefinition definition : definitions) {
			if (definition.isPattern()) {
				byPattern.add(definition.key(), definition);
			}
			else {
				byKey.computeIfAbsent(definition.key(), (key) -> new ArrayList<>()).add(definition);
			}
			if (definition.suppressedWhen() != null) {
				bySuppressionKey.computeIfAbsent(definition.suppressedWhen().key(), (key) -> new ArrayList<>())
					.add(definition);
			}
		}
		this.definitionsByKey = byKey;
		this.patterns = byPattern;
		this.suppressionsByKey = bySuppressionKey;
	}

	/**
	 * Replace the definitions, as a configuration reload does. Definitions are matched by
	 * name: the alarms of an unchanged one are left alone; those of a changed one keep
	 * their life cycle (acknowledgement, shelve, service) and are evaluated again at once
	 * against their last value under the new definition; those of a removed one, or no
	 * longer matching its key, return to {@code NORMAL} (recorded, with the reason) and
	 * are dropped. A new definition on one key gets its alarm at once; one on a pattern
	 * with the next value of a matching key.
	 * @param definitions the new definitions, with unique names
	 * @param why the reason recorded on the transitions it causes
	 * @return the definitions that are new or changed, for the caller to feed the current
	 * values of their keys to {@link #update}
	 */
	public synchronized List<AlarmDefinition> redefine(List<AlarmDefinition> definitions, String why) {
		Map<String, AlarmDefinition> previous = new HashMap<>();
		this.definitions.forEach((definition) -> previous.put(definition.name(), definition));
		List<AlarmDefinition> next = new ArrayList<>();
		List<AlarmDefinition> changed = new ArrayList<>();
		for (AlarmDefinition definition : definitions) {
			AlarmDefinition old = previous.get(definition.name());
			// keep the very instance of an unchanged definition: alarms refer to it
			next.add(definition.equals(old) ? old : definition);
			if (!definition.equals(old)) {
				changed.add(definition);
			}
		}
		Map<String, AlarmDefinition> byName = new HashMap<>();
		next.forEach((definition) -> byName.put(definition.name(), definition));
		this.definitions = List.copyOf(next);
		index(this.definitions);
		Instant now = this.clock.instant();
		for (AlarmInstance alarm : List.copyOf(this.alarms.values())) {
			AlarmDefinition definition = byName.get(alarm.definition.name());
			if (definition == alarm.definition) {
				continue;
			}
			if (definition == null || !applies(definition, alarm.key)) {
				retire(alarm, why, now);
			}
			else {
				replace(alarm, definition, why, now);
			}
		}
		for (AlarmDefinition definition : this.definitions) {
			if (!definition.isPattern() && !this.alarms.containsKey(definition.name() + "." + definition.key())) {
				create(definition, definition.key(), now);
			}
		}
		return changed;
	}

	private void retire(AlarmInstance alarm, String why, Instant now) {
		change(alarm, AlarmTransition.SYSTEM, why + ": definition removed", now, () -> {
			alarm.outOfService = false;
			alarm.shelvedUntil = null;
			alarm.shelvedBy = null;
			alarm.suppressed = false;
			alarm.active = false;
			alarm.annunciation = AlarmState.NORMAL;
		});
		this.alarms.remove(alarm.id);
	}

	private void replace(AlarmInstance alarm, AlarmDefinition definition, String why, Instant now) {
		AlarmInstance replacement = new AlarmInstance(definition, alarm.key, now);
		replacement.restore(alarm.snapshot(), now);
		replacement.lastUpdate = alarm.lastUpdate;
		replacement.quality = alarm.quality;
		replacement.lastNumber = alarm.lastNumber;
		replacement.lastNumberAt = alarm.lastNumberAt;
		this.alarms.put(replacement.id, replacement);
		AlarmDefinition.Suppression suppression = definition.suppressedWhen();
		boolean suppressed = suppression != null
				&& suppression.equals().equals(this.suppressionValues.get(suppression.key()));
		if (replacement.suppressed != suppressed) {
			change(replacement, AlarmTransition.SYSTEM, why + ": suppression changed", now, () -> {
				replacement.suppressed = suppressed;
				replacement.overlayChanged();
			});
		}
		JsonNode value = replacement.value;
		Quality quality = replacement.quality;
		if (value != null && quality != null && definition.type() != AlarmConditionType.STALE) {
			replacement.message = null;
			setMet(replacement, evaluate(replacement, value, quality, now), now);
			settle(replacement, now);
		}
	}

	/**
	 * Return the definitions.
	 * @return the definitions, in configuration order
	 */
	public List<AlarmDefinition> definitions() {
		return this.definitions;
	}

	/**
	 * Return the longest an alarm may be shelved.
	 * @return the maximum shelve duration
	 */
	public Duration maxShelveDuration() {
		return this.maxShelveDuration;
	}

	/**
	 * Return every alarm.
	 * @return snapshots of the alarms, in creation order
	 */
	public synchronized List<Alarm> alarms() {
		return this.alarms.values().stream().map(AlarmInstance::snapshot).toList();
	}

	/**
	 * Return one alarm.
	 * @param id the alarm id
	 * @return its snapshot, or empty if there is no such alarm
	 */
	public synchronized Optional<Alarm> alarm(String id) {
		return Optional.ofNullable(this.alarms.get(id)).map(AlarmInstance::snapshot);
	}

	/**
	 * Bring back an alarm as it was persisted, without transitions. An alarm whose
	 * definition no longer exists is ignored.
	 * @param alarm the persisted alarm
	 * @return whether the alarm was restored
	 */
	public synchronized boolean restore(Alarm alarm) {
		AlarmInstance instance = this.alarms.get(alarm.id());
		if (instance == null) {
			AlarmDefinition definition = this.definitions.stream()
				.filter((candidate) -> candidate.name().equals(alarm.definition()) && applies(candidate, alarm.key()))
				.findFirst()
				.orElse(null);
			if (definition == null) {
				return false;
			}
			instance = create(definition, alarm.key(), this.clock.instant());
		}
		instance.restore(alarm, this.clock.instant());
		return true;
	}

	/**
	 * Take a value written under a key.
	 * @param key the key
	 * @param value the value
	 * @param quality its quality
	 */
	public synchronized void update(String key, JsonNode value, Quality quality) {
		Instant now = this.clock.instant();
		List<AlarmDefinition> suppressed = this.suppressionsByKey.get(key);
		if (suppressed != null) {
			String text = ConditionEvaluator.text(value);
			this.suppressionValues.put(key, text);
			suppress(suppressed, text, now);
		}
		forEachDefinition(key, (definition) -> {
			AlarmInstance alarm = this.alarms.get(definition.name() + "." + key);
			if (alarm == null) {
				alarm = create(definition, key, now);
			}
			alarm.lastUpdate = now;
			alarm.value = value;
			alarm.quality = quality;
			alarm.message = null; // rendered when needed: most updates change nothing
			setMet(alarm, evaluate(alarm, value, quality, now), now);
			settle(alarm, now);
		});
	}

	/**
	 * Take the deletion of a key: its conditions clear and it is no longer stale.
	 * @param key the key
	 */
	public synchronized void delete(String key) {
		Instant now = this.clock.instant();
		List<AlarmDefinition> suppressed = this.suppressionsByKey.get(key);
		if (suppressed != null) {
			this.suppressionValues.remove(key);
			suppress(suppressed, null, now);
		}
		forEachDefinition(key, (definition) -> {
			AlarmInstance alarm = this.alarms.get(definition.name() + "." + key);
			if (alarm != null) {
				alarm.lastUpdate = null;
				alarm.lastNumber = null;
				alarm.lastNumberAt = null;
				alarm.value = null;
				setMet(alarm, false, now);
				settle(alarm, now);
			}
		});
	}

	/**
	 * Let time pass: apply delays that have run out, raise stale data and unshelve alarms
	 * whose shelve expired.
	 */
	public synchronized void tick() {
		Instant now = this.clock.instant();
		for (AlarmInstance alarm : this.alarms.values()) {
			if (alarm.shelvedUntil != null && !now.isBefore(alarm.shelvedUntil)) {
				change(alarm, AlarmTransition.SYSTEM, "shelve expired", now, () -> {
					alarm.shelvedUntil = null;
					alarm.shelvedBy = null;
					alarm.overlayChanged();
				});
			}
			AlarmDefinition definition = alarm.definition;
			if (definition.type() == AlarmConditionType.STALE && definition.staleAfter() != null) {
				Instant since = (alarm.lastUpdate != null) ? alarm.lastUpdate : null;
				boolean stale = since != null && !now.isBefore(since.plus(definition.staleAfter()));
				if (stale && !alarm.met) {
					// The condition began when the period ran out, not at this tick.
					alarm.message = null;
					alarm.met = true;
					alarm.metSince = since.plus(definition.staleAfter());
				}
			}
			settle(alarm, now);
		}
	}

	/**
	 * Acknowledge an alarm that waits for it: {@code UNACK} becomes {@code ACKED},
	 * {@code RTN_UNACK} becomes {@code NORMAL}.
	 * @param id the alarm id
	 * @param who who acknowledges
	 * @param why the reason, or {@code null}
	 * @return the alarm after
	 * @throws AlarmNotFoundException if there is no such alarm
	 * @throws AlarmStateConflictException if the alarm is in no unacknowledged state
	 */
	public synchronized Alarm acknowledge(String id, String who, @Nullable String why) {
		AlarmInstance alarm = find(id);
		AlarmState state = alarm.state();
		if (!state.isUnacknowledged()) {
			throw new AlarmStateConflictException(id, state, "acknowledge");
		}
		Instant now = this.clock.instant();
		change(alarm, who, reason(why, "acknowledged"), now, () -> {
			alarm.acknowledgedBy = who;
			alarm.acknowledgedAt = now;
			alarm.annunciation = (state == AlarmState.UNACK) ? AlarmState.ACKED : AlarmState.NORMAL;
		});
		return alarm.snapshot();
	}

	/**
	 * Shelve an alarm for a while.
	 * @param id the alarm id
	 * @param who who shelves it
	 * @param duration how long, positive and at most {@link #maxShelveDuration()}
	 * @param why the reason, or {@code null}
	 * @return the alarm after
	 * @throws AlarmNotFoundException if there is no such alarm
	 * @throws InvalidShelveDurationException if the duration is missing or out of range
	 * @throws AlarmStateConflictException if the alarm is shelved or out of service
	 */
	public synchronized Alarm shelve(String id, String who, @Nullable Duration duration, @Nullable String why) {
		AlarmInstance alarm = find(id);
		if (duration == null || !duration.isPositive() || duration.compareTo(this.maxShelveDuration) > 0) {
			throw new InvalidShelveDurationException(duration, this.maxShelveDuration);
		}
		AlarmState state = alarm.state();
		if (state == AlarmState.SHELVED || state == AlarmState.OUT_OF_SERVICE) {
			throw new AlarmStateConflictException(id, state, "shelve");
		}
		Instant now = this.clock.instant();
		change(alarm, who, reason(why, "shelved for " + duration), now, () -> {
			alarm.shelvedBy = who;
			alarm.shelvedUntil = now.plus(duration);
			alarm.overlayChanged();
		});
		return alarm.snapshot();
	}

	/**
	 * Unshelve an alarm before its shelve expires.
	 * @param id the alarm id
	 * @param who who unshelves it
	 * @param why the reason, or {@code null}
	 * @return the alarm after
	 * @throws AlarmNotFoundException if there is no such alarm
	 * @throws AlarmStateConflictException if the alarm is not shelved
	 */
	public synchronized Alarm unshelve(String id, String who, @Nullable String why) {
		AlarmInstance alarm = find(id);
		if (alarm.shelvedUntil == null) {
			throw new AlarmStateConflictException(id, alarm.state(), "unshelve");
		}
		change(alarm, who, reason(why, "unshelved"), this.clock.instant(), () -> {
			alarm.shelvedUntil = null;
			alarm.shelvedBy = null;
			alarm.overlayChanged();
		});
		return alarm.snapshot();
	}

	/**
	 * Take an alarm out of service.
	 * @param id the alarm id
	 * @param who who does it
	 * @param why the reason, or {@code null}
	 * @return the alarm after
	 * @throws AlarmNotFoundException if there is no such alarm
	 * @throws AlarmStateConflictException if it is out of service already
	 */
	public synchronized Alarm removeFromService(String id, String who, @Nullable String why) {
		AlarmInstance alarm = find(id);
		if (alarm.outOfService) {
			throw new AlarmStateConflictException(id, alarm.state(), "take out of service");
		}
		change(alarm, who, reason(why, "taken out of service"), this.clock.instant(), () -> {
			alarm.outOfService = true;
			alarm.overlayChanged();
		});
		return alarm.snapshot();
	}

	/**
	 * Return an alarm to service.
	 * @param id the alarm id
	 * @param who who does it
	 * @param why the reason, or {@code null}
	 * @return the alarm after
	 * @throws AlarmNotFoundException if there is no such alarm
	 * @throws AlarmStateConflictException if it is in service
	 */
	public synchronized Alarm returnToService(String id, String who, @Nullable String why) {
		AlarmInstance alarm = find(id);
		if (!alarm.outOfService) {
			throw new AlarmStateConflictException(id, alarm.state(), "return to service");
		}
		change(alarm, who, reason(why, "returned to service"), this.clock.instant(), () -> {
			alarm.outOfService = false;
			alarm.overlayChanged();
		});
		return alarm.snapshot();
	}

	/**
	 * Raise the severity of an active, unacknowledged alarm, as an escalation step does.
	 * The raise lasts for the current activation and is recorded as a transition from the
	 * alarm's state to itself.
	 * @param id the alarm id
	 * @param severity the severity to raise it to
	 * @param who who raises it
	 * @param why the reason
	 * @return the alarm after, or empty if it is unknown, not {@code UNACK}, or already
	 * as severe
	 */
	public synchronized Optional<Alarm> raiseSeverity(String id, AlarmSeverity severity, String who, String why) {
		AlarmInstance alarm = this.alarms.get(id);
		if (alarm == null || alarm.state() != AlarmState.UNACK || severity.compareTo(alarm.severity()) >= 0) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		alarm.raisedSeverity = severity;
		alarm.changedAt = now;
		Alarm after = alarm.snapshot();
		this.listener.transitioned(
				new AlarmTransition(++this.sequence, alarm.id, after.state(), after.state(), now, who, why), after);
		return Optional.of(after);
	}

	private AlarmInstance find(String id) {
		AlarmInstance alarm = this.alarms.get(id);
		if (alarm == null) {
			throw new AlarmNotFoundException(id);
		}
		return alarm;
	}

	private static String reason(@Nullable String why, String otherwise) {
		return (why != null && !why.isBlank()) ? why : otherwise;
	}

	private boolean applies(AlarmDefinition definition, String key) {
		return definition.appliesTo(key);
	}

	private void forEachDefinition(String key, Consumer<AlarmDefinition> action) {
		List<AlarmDefinition> exact = this.definitionsByKey.get(key);
		if (exact != null) {
			exact.forEach(action);
		}
		this.patterns.matching(key).forEach(action);
	}

	private AlarmInstance create(AlarmDefinition definition, String key, Instant now) {
		AlarmInstance alarm = new AlarmInstance(definition, key, now);
		AlarmDefinition.Suppression suppression = definition.suppressedWhen();
		if (suppression != null) {
			alarm.suppressed = suppression.equals().equals(this.suppressionValues.get(suppression.key()));
		}
		if (definition.type() == AlarmConditionType.STALE) {
			// A key never written is stale once the period has passed since start.
			alarm.lastUpdate = now;
		}
		this.alarms.put(alarm.id, alarm);
		return alarm;
	}

	private void suppress(List<AlarmDefinition> definitions, @Nullable String value, Instant now) {
		for (AlarmDefinition definition : definitions) {
			AlarmDefinition.Suppression suppression = definition.suppressedWhen();
			boolean suppressed = suppression != null && suppression.equals().equals(value);
			for (AlarmInstance alarm : this.alarms.values()) {
				if (alarm.definition == definition && alarm.suppressed != suppressed) {
					change(alarm, AlarmTransition.SYSTEM,
							suppressed ? "suppressed by design: " + suppression.key() + " is " + value
									: "no longer suppressed by design",
							now, () -> {
								alarm.suppressed = suppressed;
								alarm.overlayChanged();
							});
				}
			}
		}
	}

	private static boolean evaluate(AlarmInstance alarm, JsonNode value, Quality quality, Instant now) {
		AlarmDefinition definition = alarm.definition;
		if (definition.type() != AlarmConditionType.RATE_OF_CHANGE) {
			return ConditionEvaluator.evaluate(definition, value, quality, alarm.met);
		}
		// A bad or non-numeric value says nothing about the rate: keep the last verdict.
		if (quality == Quality.BAD || !value.isNumber()) {
			return alarm.met;
		}
		double number = value.doubleValue();
		Double last = alarm.lastNumber;
		Instant lastAt = alarm.lastNumberAt;
		alarm.lastNumber = number;
		alarm.lastNumberAt = now;
		if (last == null || lastAt == null) {
			return alarm.met;
		}
		return ConditionEvaluator.evaluateRate(definition, number - last, Duration.between(lastAt, now), alarm.met);
	}

	private void setMet(AlarmInstance alarm, boolean met, Instant now) {
		if (alarm.met != met) {
			alarm.met = met;
			alarm.metSince = now;
		}
	}

	/**
	 * Let the active condition follow the met condition once it has held for its delay.
	 */
	private void settle(AlarmInstance alarm, Instant now) {
		if (alarm.met == alarm.active) {
			return;
		}
		if (now.isBefore(alarm.metSince.plus(alarm.pendingDelay()))) {
			return;
		}
		boolean active = alarm.met;
		change(alarm, AlarmTransition.SYSTEM, active ? alarm.message() : "returned to normal: " + alarm.message(), now,
				() -> {
					alarm.active = active;
					alarm.activeChanged(now);
				});
		if (active && this.chatter.isEnabled()) {
			shelveIfChattering(alarm, now);
		}
	}

	private void shelveIfChattering(AlarmInstance alarm, Instant now) {
		Instant since = now.minus(this.chatter.window());
		alarm.activations.addLast(now);
		while (!alarm.activations.isEmpty() && !alarm.activations.peekFirst().isAfter(since)) {
			alarm.activations.removeFirst();
		}
		if (alarm.activations.size() <= this.chatter.maxActivations() || alarm.shelvedUntil != null
				|| alarm.outOfService) {
			return;
		}
		String why = ChatterPolicy.REASON_PREFIX + alarm.activations.size() + " activations within "
				+ this.chatter.window() + "; shelved for " + this.chatter.shelveFor();
		alarm.activations.clear();
		change(alarm, AlarmTransition.SYSTEM, why, now, () -> {
			alarm.shelvedBy = AlarmTransition.SYSTEM;
			alarm.shelvedUntil = now.plus(this.chatter.shelveFor());
			alarm.overlayChanged();
		});
	}

	/**
	 * Apply a change and record a transition if the state changed.
	 */
	private void change(AlarmInstance alarm, String who, String why, Instant now, Runnable mutation) {
		AlarmState from = alarm.state();
		mutation.run();
		AlarmState to = alarm.state();
		if (from != to) {
			alarm.changedAt = now;
			this.listener.transitioned(new AlarmTransition(++this.sequence, alarm.id, from, to, now, who, why),
					alarm.snapshot());
		}
	}

}
