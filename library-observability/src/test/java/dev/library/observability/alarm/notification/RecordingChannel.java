package dev.library.observability.alarm.notification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;

/**
 * A channel that keeps what it is given, for tests that look at what is notified rather
 * than how it travels.
 *
 * @author Library
 */
class RecordingChannel implements NotificationChannel {

	private final String name;

	final List<AlarmNotification> received = new CopyOnWriteArrayList<>();

	RecordingChannel(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Mono<Void> deliver(AlarmNotification notification) {
		return Mono.fromRunnable(() -> this.received.add(notification));
	}

}
