package dev.library.hap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.util.retry.Retry;

/**
 * The current values behind the accessories: state keys followed in the
 * {@link StateStore} and alarms followed in the {@link AlarmEngine}, with listeners told
 * of every change (which become HAP events).
 *
 * @author Library
 */
final class SourceValues {

	private static final Log logger = LogFactory.getLog(SourceValues.class);

	/**
	 * Prefix of the listener keys of alarms, apart from state keys.
	 */
	static final String ALARM = "alarm:";

	private final StateStore store;

	private final @Nullable AlarmEngine alarms;

	private final @Nullable AlarmEventPublisher alarmEvents;

	private volatile Set<String> keys;

	private volatile Set<String> alarmIds;

	private volatile boolean started;

	private final Map<String, StateValue> values = new ConcurrentHashMap<>();

	private final Map<String, Boolean> activeAlarms = new ConcurrentHashMap<>();

	private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

	private volatile Disposable.Composite subscriptions = Disposables.composite();

	SourceValues(StateStore store, @Nullable AlarmEngine alarms, @Nullable AlarmEventPublisher alarmEvents,
			Set<String> keys, Set<String> alarmIds) {
		this.store = store;
		this.alarms = alarms;
		this.alarmEvents = alarmEvents;
		this.keys = Set.copyOf(keys);
		this.alarmIds = Set.copyOf(alarmIds);
	}

	/**
	 * Call a listener on every change of a state key or an alarm.
	 * @param keyOrAlarm the state key, or {@link #ALARM} and the alarm id
	 * @param listener the listener
	 * @return what removes the listener
	 */
	Runnable onChange(String keyOrAlarm, Runnable listener) {
		this.listeners.computeIfAbsent(keyOrAlarm, (ignored) -> new CopyOnWriteArrayList<>()).add(listener);
		return () -> this.listeners.getOrDefault(keyOrAlarm, List.of()).remove(listener);
	}

	/**
	 * Follow other state keys and alarms (a configuration reload changed the
	 * accessories): the new ones are read at once, the ones no longer followed forgotten.
	 * @param keys the state keys
	 * @param alarmIds the alarm ids
	 */
	synchronized void follow(Set<String> keys, Set<String> alarmIds) {
		Set<String> addedKeys = new java.util.HashSet<>(keys);
		addedKeys.removeAll(this.keys);
		Set<String> addedAlarms = new java.util.HashSet<>(alarmIds);
		addedAlarms.removeAll(this.alarmIds);
		boolean followedKeys = !this.keys.isEmpty();
		boolean followedAlarms = !this.alarmIds.isEmpty();
		this.keys = Set.copyOf(keys);
		this.alarmIds = Set.copyOf(alarmIds);
		this.values.keySet().retainAll(this.keys);
		this.activeAlarms.keySet().retainAll(this.alarmIds);
		if (!this.started) {
			return;
		}
		if (followedKeys) {
			addedKeys.forEach(this::read);
		}
		else if (!addedKeys.isEmpty()) {
			watchStore();
		}
		if (followedAlarms) {
			readAlarms(addedAlarms);
		}
		else if (!addedAlarms.isEmpty()) {
			watchAlarms();
		}
	}

	@Nullable StateValue value(String key) {
		return this.values.get(key);
	}

	@Nullable Boolean alarmActive(String id) {
		return this.activeAlarms.get(id);
	}

	synchronized void start() {
		// A component stopped and started again follows anew
		this.subscriptions = Disposables.composite();
		this.started = true;
		if (!this.keys.isEmpty()) {
			watchStore();
		}
		if (!this.alarmIds.isEmpty()) {
			watchAlarms();
		}
	}

	private void watchStore() {
		this.subscriptions.add(this.store.watch("")
			.filter((change) -> this.keys.contains(change.key()))
			// A watcher that falls behind is dropped: follow again, reading what was
			// missed
			.doOnSubscribe((subscription) -> readAll())
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
			.subscribe((change) -> {
				if (change.type() == dev.library.state.StateChange.Type.PUT) {
					update(change.toValue());
				}
				else {
					this.values.remove(change.key());
					notify(change.key());
				}
			}, (ex) -> logger.warn("HomeKit bridge stopped following the state store", ex)));
	}

	private void watchAlarms() {
		AlarmEventPublisher events = this.alarmEvents;
		if (this.alarms != null && events != null) {
			this.subscriptions.add(events.events()
				.filter((event) -> this.alarmIds.contains(event.alarm().id()))
				.subscribe((event) -> updateAlarm(event.alarm())));
		}
		readAlarms(this.alarmIds);
	}

	private void readAlarms(Set<String> ids) {
		AlarmEngine alarms = this.alarms;
		if (alarms != null) {
			for (String id : ids) {
				alarms.alarm(id).ifPresent(this::updateAlarm);
			}
		}
	}

	synchronized void stop() {
		this.started = false;
		this.subscriptions.dispose();
	}

	private void readAll() {
		this.keys.forEach(this::read);
	}

	private void read(String key) {
		this.store.get(key)
			.subscribe(this::update, (ex) -> logger.debug("State key '" + key + "' not read: " + ex.getMessage()));
	}

	private void update(StateValue value) {
		if (!this.keys.contains(value.key())) {
			return;
		}
		StateValue previous = this.values.get(value.key());
		if (previous != null && previous.version() >= value.version()) {
			return;
		}
		this.values.put(value.key(), value);
		notify(value.key());
	}

	private void updateAlarm(Alarm alarm) {
		if (!this.alarmIds.contains(alarm.id())) {
			return;
		}
		Boolean previous = this.activeAlarms.put(alarm.id(), alarm.active());
		if (previous == null || previous != alarm.active()) {
			notify(ALARM + alarm.id());
		}
	}

	private void notify(String keyOrAlarm) {
		for (Runnable listener : this.listeners.getOrDefault(keyOrAlarm, List.of())) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("HomeKit event for '" + keyOrAlarm + "' not sent", ex);
			}
		}
	}

}
