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

	private final Set<String> keys;

	private final Set<String> alarmIds;

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

	void onChange(String keyOrAlarm, Runnable listener) {
		this.listeners.computeIfAbsent(keyOrAlarm, (ignored) -> new CopyOnWriteArrayList<>()).add(listener);
	}

	@Nullable StateValue value(String key) {
		return this.values.get(key);
	}

	@Nullable Boolean alarmActive(String id) {
		return this.activeAlarms.get(id);
	}

	void start() {
		// A component stopped and started again follows anew
		this.subscriptions = Disposables.composite();
		if (!this.keys.isEmpty()) {
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
		AlarmEngine alarms = this.alarms;
		AlarmEventPublisher events = this.alarmEvents;
		if (!this.alarmIds.isEmpty() && alarms != null && events != null) {
			this.subscriptions.add(events.events()
				.filter((event) -> this.alarmIds.contains(event.alarm().id()))
				.subscribe((event) -> updateAlarm(event.alarm())));
			for (String id : this.alarmIds) {
				alarms.alarm(id).ifPresent(this::updateAlarm);
			}
		}
	}

	void stop() {
		this.subscriptions.dispose();
	}

	private void readAll() {
		for (String key : this.keys) {
			this.store.get(key)
				.subscribe(this::update, (ex) -> logger.debug("State key '" + key + "' not read: " + ex.getMessage()));
		}
	}

	private void update(StateValue value) {
		StateValue previous = this.values.get(value.key());
		if (previous != null && previous.version() >= value.version()) {
			return;
		}
		this.values.put(value.key(), value);
		notify(value.key());
	}

	private void updateAlarm(Alarm alarm) {
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
