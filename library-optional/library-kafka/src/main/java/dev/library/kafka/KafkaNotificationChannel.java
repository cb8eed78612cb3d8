package dev.library.kafka;

import java.time.Duration;

import dev.library.observability.alarm.notification.AlarmNotification;
import dev.library.observability.alarm.notification.NotificationChannel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alarm notification channel that publishes each notification to a Kafka topic as a
 * CloudEvent ({@value CloudEvent#ALARM_NOTIFICATION}, keyed by alarm id so that the
 * notifications of one alarm keep their order; the CloudEvent id is the notification's
 * id, the same on every attempt). A delivery is the broker's acknowledgement; the
 * notification dispatcher retries a failed one.
 *
 * @author Library
 */
public class KafkaNotificationChannel implements NotificationChannel {

	private final String name;

	private final String topic;

	private final Duration timeout;

	private final KafkaEventPublisher publisher;

	private final JsonMapper mapper;

	/**
	 * Create a channel.
	 * @param name the channel's name
	 * @param topic the topic the notifications go to
	 * @param timeout longest time a delivery may take until the broker acknowledges it
	 * @param publisher sends the records
	 * @param mapper writes the notification
	 */
	public KafkaNotificationChannel(String name, String topic, Duration timeout, KafkaEventPublisher publisher,
			JsonMapper mapper) {
		this.name = name;
		this.topic = topic;
		this.timeout = timeout;
		this.publisher = publisher;
		this.mapper = mapper;
	}

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * Return the topic the notifications go to.
	 * @return the topic
	 */
	public String topic() {
		return this.topic;
	}

	@Override
	public Mono<Void> deliver(AlarmNotification notification) {
		String alarmId = notification.alarm().id();
		CloudEvent event = new CloudEvent(notification.id(), CloudEvent.ALARM_NOTIFICATION, alarmId, notification.at(),
				alarmId, this.mapper.valueToTree(notification));
		// Handing a record to the producer may block while its buffer is full or the
		// topic's metadata is unknown
		return Mono.fromFuture(() -> this.publisher.send(this.topic, event))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout)
			.then();
	}

}
