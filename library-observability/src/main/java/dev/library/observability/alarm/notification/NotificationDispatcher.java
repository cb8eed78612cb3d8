package dev.library.observability.alarm.notification;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmListener;
import dev.library.observability.alarm.AlarmTransition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.util.Assert;

/**
 * Turns alarm transitions into notifications and delivers them: each channel has a
 * bounded queue and its own deliveries, retried with back-off ({@link DeliveryPolicy}),
 * so that a slow or failing channel never holds up alarm processing or the other
 * channels. A notification that cannot be delivered is kept among the latest
 * {@value #DEAD_LETTERS_KEPT} dead letters and logged.
 * <p>
 * Meters: {@code library.alarms.notifications} (tagged {@code channel} and
 * {@code outcome}: {@code delivered}, {@code retried}, {@code dead-lettered}) and
 * {@code library.alarms.notifications.queued} (per {@code channel}).
 *
 * @author Library
 */
public class NotificationDispatcher implements AlarmListener {

	private static final Log logger = LogFactory.getLog(NotificationDispatcher.class);

	static final int DEAD_LETTERS_KEPT = 100;

	private final List<ChannelSubscription> subscriptions;

	private final Map<String, ChannelQueue> queues = new LinkedHashMap<>();

	private final DeliveryPolicy policy;

	private final Clock clock;

	private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();

	private final FloodDetector floods;

	private final List<FloodListener> floodListeners = new CopyOnWriteArrayList<>();

	private final Counter heldBack;

	private final MeterRegistry meterRegistry;

	private @Nullable Disposable deliveries;

	private @Nullable Scheduler scheduler;

	/**
	 * Create a new instance.
	 * @param channels every channel, including those only escalation steps use
	 * @param subscriptions what each channel gets on its own
	 * @param policy how hard notifications are delivered
	 * @param clock the clock of dead letters
	 * @param meterRegistry where the meters go
	 */
	public NotificationDispatcher(List<NotificationChannel> channels, List<ChannelSubscription> subscriptions,
			DeliveryPolicy policy, Clock clock, MeterRegistry meterRegistry) {
		this(channels, subscriptions, policy, FloodPolicy.NONE, clock, meterRegistry);
	}

	/**
	 * Create a new instance that holds back notifications while an area floods.
	 * @param channels every channel, including those only escalation steps use
	 * @param subscriptions what each channel gets on its own
	 * @param policy how hard notifications are delivered
	 * @param floodPolicy when an area floods
	 * @param clock the clock of dead letters and of the end of floods
	 * @param meterRegistry where the meters go
	 */
	public NotificationDispatcher(List<NotificationChannel> channels, List<ChannelSubscription> subscriptions,
			DeliveryPolicy policy, FloodPolicy floodPolicy, Clock clock, MeterRegistry meterRegistry) {
		this.floods = new FloodDetector(floodPolicy);
		this.heldBack = Counter.builder("library.alarms.notifications.held-back")
			.description("Notifications of raised alarms held back while their area floods")
			.register(meterRegistry);
		this.subscriptions = List.copyOf(subscriptions);
		this.policy = policy;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		for (NotificationChannel channel : channels) {
			Assert.isTrue(!this.queues.containsKey(channel.name()), "Two channels are named '" + channel.name() + "'");
			this.queues.put(channel.name(), new ChannelQueue(channel));
		}
		for (ChannelSubscription subscription : this.subscriptions) {
			Assert.isTrue(this.queues.containsKey(subscription.channel().name()),
					"Unknown channel '" + subscription.channel().name() + "'");
		}
	}

	/**
	 * Start delivering.
	 */
	public synchronized void start() {
		if (this.deliveries != null) {
			return;
		}
		// Deliveries start on a thread of their own, never on the engine's thread that
		// queued them.
		this.scheduler = Schedulers.newSingle("library-alarm-notifications", true);
		var composite = Disposables.composite();
		for (ChannelQueue queue : this.queues.values()) {
			composite.add(queue.sink.asFlux()
				.flatMap(queue::deliver, this.policy.concurrency())
				.subscribe(null,
						(ex) -> logger.error("Notification deliveries of '" + queue.channel.name() + "' stopped", ex)));
		}
		this.deliveries = composite;
	}

	/**
	 * Stop delivering; notifications still waiting are given up.
	 */
	public synchronized void stop() {
		if (this.deliveries != null) {
			this.deliveries.dispose();
			this.deliveries = null;
			if (this.scheduler != null) {
				this.scheduler.dispose();
				this.scheduler = null;
			}
			int waiting = this.queues.values().stream().mapToInt((queue) -> queue.buffer.size()).sum();
			if (waiting > 0) {
				logger.warn(waiting + " alarm notification(s) were still waiting at shutdown and were not sent");
			}
		}
	}

	@Override
	public void transitioned(AlarmTransition transition, Alarm alarm) {
		NotificationEvent event = NotificationEvent.of(transition);
		if (event == null) {
			return;
		}
		AlarmNotification notification = new AlarmNotification(UUID.randomUUID().toString(), event, alarm,
				transition.why(), transition.at(), null);
		if (event == NotificationEvent.RAISED) {
			switch (this.floods.raised(alarm, transition.at())) {
				case HOLD -> {
					this.heldBack.increment();
					return;
				}
				case FLOOD_STARTED -> {
					this.heldBack.increment();
					String reason = "flood in area '" + FloodDetector.name(alarm) + "': more than "
							+ this.floods.policy().maxRaised() + " alarms raised within "
							+ this.floods.policy().window() + "; its raised alarms are held back";
					notification = new AlarmNotification(UUID.randomUUID().toString(), NotificationEvent.FLOOD, alarm,
							reason, transition.at(), null);
					floodChanged(FloodDetector.name(alarm), true, reason);
				}
				case SEND -> {
				}
			}
		}
		publish(notification);
	}

	/**
	 * End the floods of areas whose rate fell back to the limit, telling the channels.
	 */
	public void checkFloods() {
		for (FloodDetector.EndedFlood ended : this.floods.endFloods(this.clock.instant())) {
			String reason = "flood in area '" + ended.area() + "' is over: " + ended.heldBack()
					+ " raised alarm notification(s) were held back";
			publish(new AlarmNotification(UUID.randomUUID().toString(), NotificationEvent.FLOOD_ENDED,
					ended.lastAlarm(), reason, this.clock.instant(), null));
			floodChanged(ended.area(), false, reason);
		}
	}

	/**
	 * Tell a listener when an area starts or stops flooding.
	 * @param listener the listener
	 */
	public void addFloodListener(FloodListener listener) {
		this.floodListeners.add(listener);
	}

	private void floodChanged(String area, boolean flooding, String reason) {
		for (FloodListener listener : this.floodListeners) {
			try {
				listener.floodChanged(area, flooding, reason);
			}
			catch (RuntimeException ex) {
				logger.error("Flood listener failed: " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * Return the areas flooding now.
	 * @return the area names ({@code ""} for alarms without an area)
	 */
	public List<String> floodingAreas() {
		return this.floods.flooding();
	}

	private void publish(AlarmNotification notification) {
		for (ChannelSubscription subscription : this.subscriptions) {
			if (subscription.matches(notification)) {
				send(subscription.channel().name(), notification);
			}
		}
	}

	/**
	 * Queue a notification for one channel.
	 * @param channel the channel's name
	 * @param notification the notification
	 * @throws IllegalArgumentException if there is no such channel
	 */
	public void send(String channel, AlarmNotification notification) {
		ChannelQueue queue = this.queues.get(channel);
		Assert.isTrue(queue != null, () -> "Unknown channel '" + channel + "'");
		queue.offer(notification);
	}

	/**
	 * Return the names of the channels.
	 * @return the channel names, in configuration order
	 */
	public List<String> channels() {
		return List.copyOf(this.queues.keySet());
	}

	/**
	 * Return the latest dead letters.
	 * @return up to {@value #DEAD_LETTERS_KEPT} dead letters, newest first
	 */
	public List<DeadLetter> deadLetters() {
		synchronized (this.deadLetters) {
			return new ArrayList<>(this.deadLetters);
		}
	}

	private void deadLetter(String channel, AlarmNotification notification, int attempts, String reason) {
		DeadLetter letter = new DeadLetter(channel, notification, attempts, reason, this.clock.instant());
		synchronized (this.deadLetters) {
			this.deadLetters.addFirst(letter);
			while (this.deadLetters.size() > DEAD_LETTERS_KEPT) {
				this.deadLetters.removeLast();
			}
		}
		logger.error("Alarm notification " + notification.id() + " (" + notification.event() + " of "
				+ notification.alarm().id() + ") to channel '" + channel + "' given up after " + attempts
				+ " attempt(s): " + reason);
	}

	/**
	 * One channel's queue and deliveries.
	 */
	private final class ChannelQueue {

		private final NotificationChannel channel;

		private final ArrayBlockingQueue<AlarmNotification> buffer;

		private final Sinks.Many<AlarmNotification> sink;

		private final Counter delivered;

		private final Counter retried;

		private final Counter deadLettered;

		ChannelQueue(NotificationChannel channel) {
			this.channel = channel;
			this.buffer = new ArrayBlockingQueue<>(NotificationDispatcher.this.policy.queueCapacity());
			this.sink = Sinks.many().unicast().onBackpressureBuffer(this.buffer);
			MeterRegistry registry = NotificationDispatcher.this.meterRegistry;
			this.delivered = outcome(registry, "delivered");
			this.retried = outcome(registry, "retried");
			this.deadLettered = outcome(registry, "dead-lettered");
			Gauge.builder("library.alarms.notifications.queued", this.buffer, ArrayBlockingQueue::size)
				.description("Alarm notifications waiting for delivery")
				.tag("channel", channel.name())
				.register(registry);
		}

		private Counter outcome(MeterRegistry registry, String outcome) {
			return Counter.builder("library.alarms.notifications")
				.description("Alarm notifications by outcome of their delivery")
				.tag("channel", this.channel.name())
				.tag("outcome", outcome)
				.register(registry);
		}

		void offer(AlarmNotification notification) {
			// Called from the engine's listener and the escalator's thread: serialize
			// emissions rather than fail on a concurrent one.
			Sinks.EmitResult result;
			synchronized (this) {
				result = this.sink.tryEmitNext(notification);
			}
			if (result.isFailure()) {
				this.deadLettered.increment();
				deadLetter(this.channel.name(), notification, 0,
						(result == Sinks.EmitResult.FAIL_OVERFLOW) ? "the channel's queue is full" : "not delivering");
			}
		}

		Mono<Void> deliver(AlarmNotification notification) {
			DeliveryPolicy policy = NotificationDispatcher.this.policy;
			Scheduler scheduler = NotificationDispatcher.this.scheduler;
			AtomicInteger attempts = new AtomicInteger();
			Mono<Void> attempt = Mono.defer(() -> {
				attempts.incrementAndGet();
				return this.channel.deliver(notification);
			});
			return ((scheduler != null) ? attempt.subscribeOn(scheduler) : attempt)
				.retryWhen(Retry.backoff(policy.maxAttempts() - 1, policy.initialBackoff())
					.maxBackoff(policy.maxBackoff())
					.filter((ex) -> !(ex instanceof NotificationRejectedException))
					.doBeforeRetry((signal) -> this.retried.increment()))
				.doOnSuccess((ignored) -> this.delivered.increment())
				.onErrorResume((ex) -> {
					Throwable cause = Exceptions.isRetryExhausted(ex) && ex.getCause() != null ? ex.getCause() : ex;
					this.deadLettered.increment();
					deadLetter(this.channel.name(), notification, attempts.get(),
							(cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName());
					return Mono.empty();
				});
		}

	}

}
