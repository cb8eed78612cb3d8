package dev.library.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The kafka component: at start it checks (and creates) the declared topics, then starts
 * publishing and consuming commands, on a thread of its own so that a broker that is away
 * does not hold the platform's start-up; it stops them in reverse order. While it runs it
 * checks the broker every check interval and reports the component degraded (so readiness
 * goes down) while the broker cannot be reached or state changes cannot be delivered, and
 * recovered when they can again.
 *
 * @author Library
 */
public class KafkaComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.optional("kafka")
		.description("Kafka event streaming and commands from a topic")
		.dependsOn("state")
		.dependsOn("adapters")
		.build();

	private static final Log logger = LogFactory.getLog(KafkaComponent.class);

	private final Supplier<TopicAdministrator> administrators;

	private final boolean createTopics;

	private final @Nullable StateChangePublisher statePublisher;

	private final KafkaEventPublisher eventPublisher;

	private final @Nullable MessageListenerContainer commandContainer;

	private final Duration stopTimeout;

	private final Duration checkInterval;

	private final Supplier<@Nullable ComponentRegistry> components;

	private volatile @Nullable TopicAdministrator administrator;

	private volatile @Nullable ScheduledExecutorService checker;

	private volatile @Nullable String outage;

	private volatile @Nullable Thread starter;

	private boolean connected;

	/**
	 * Create the component.
	 * @param administrators opens the admin client
	 * @param createTopics whether missing declared topics are created
	 * @param statePublisher publishes state changes, or {@code null} when off
	 * @param eventPublisher publishes the other events
	 * @param commandContainer consumes commands, or {@code null} when off
	 * @param stopTimeout how long to wait for records in flight when stopping
	 * @param checkInterval interval of the broker checks
	 * @param components gives the registry told when the broker goes away and comes back
	 * (looked up when needed: the registry holds this component)
	 */
	public KafkaComponent(Supplier<TopicAdministrator> administrators, boolean createTopics,
			@Nullable StateChangePublisher statePublisher, KafkaEventPublisher eventPublisher,
			@Nullable MessageListenerContainer commandContainer, Duration stopTimeout, Duration checkInterval,
			Supplier<@Nullable ComponentRegistry> components) {
		this.administrators = administrators;
		this.createTopics = createTopics;
		this.statePublisher = statePublisher;
		this.eventPublisher = eventPublisher;
		this.commandContainer = commandContainer;
		this.stopTimeout = stopTimeout;
		this.checkInterval = checkInterval;
		this.components = components;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
		// Checking the topics waits for the broker: the component runs meanwhile, and
		// nothing is published before the declared topics exist
		Thread starter = new Thread(this::connect, "kafka-start");
		starter.setDaemon(true);
		this.starter = starter;
		starter.start();
		ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "kafka-check");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(1, this.checkInterval.toMillis());
		checker.scheduleWithFixedDelay(this::checkNow, interval, interval, TimeUnit.MILLISECONDS);
		this.checker = checker;
	}

	/**
	 * Check the broker and the delivery of state changes once, and report the component
	 * degraded or recovered when the outcome changed. Blocks up to the admin client's
	 * operation timeout.
	 */
	void checkNow() {
		TopicAdministrator administrator = this.administrator;
		if (administrator == null) {
			return;
		}
		String outage = null;
		try {
			administrator.cluster();
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				// Stopping
				return;
			}
			outage = "Kafka broker cannot be reached: " + ex.getMessage();
		}
		StateChangePublisher statePublisher = this.statePublisher;
		Throwable failure = (statePublisher != null) ? statePublisher.failure() : null;
		if (outage == null && failure != null) {
			outage = "State changes not delivered to Kafka: " + failure.getMessage();
		}
		report(outage);
	}

	private void report(@Nullable String outage) {
		boolean wasDown = this.outage != null;
		this.outage = outage;
		ComponentRegistry registry = this.components.get();
		if (outage != null && !wasDown) {
			logger.warn(outage);
			if (registry != null) {
				registry.reportDegraded(DESCRIPTOR.name(), outage);
			}
		}
		else if (outage == null && wasDown) {
			logger.info("Kafka broker can be reached again");
			if (registry != null) {
				registry.reportRecovered(DESCRIPTOR.name());
			}
		}
	}

	/**
	 * Return why the component counts as degraded.
	 * @return the outage found by the last check, or {@code null} when there is none
	 */
	public @Nullable String outage() {
		return this.outage;
	}

	private void connect() {
		TopicAdministrator administrator = this.administrators.get();
		this.administrator = administrator;
		try {
			administrator.createOrCheck(this.createTopics);
		}
		catch (RuntimeException ex) {
			// Publishing waits for the broker (the event log holds the changes); the
			// health says it is unreachable
			logger.warn("Kafka topics not checked at start: " + ex.getMessage());
		}
		synchronized (this) {
			if (Thread.currentThread().isInterrupted() || this.starter != Thread.currentThread()) {
				return;
			}
			this.eventPublisher.start();
			if (this.statePublisher != null) {
				this.statePublisher.start();
			}
			if (this.commandContainer != null) {
				this.commandContainer.start();
			}
			this.connected = true;
		}
	}

	@Override
	public void stop() throws InterruptedException {
		Thread starter = this.starter;
		this.starter = null;
		boolean connected;
		synchronized (this) {
			connected = this.connected;
			this.connected = false;
		}
		if (starter != null) {
			starter.interrupt();
			starter.join(this.stopTimeout.toMillis());
		}
		ScheduledExecutorService checker = this.checker;
		this.checker = null;
		if (checker != null) {
			checker.shutdownNow();
			checker.awaitTermination(this.stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		if (connected && this.commandContainer != null) {
			this.commandContainer.stop();
		}
		if (connected && this.statePublisher != null) {
			this.statePublisher.stop(this.stopTimeout);
		}
		this.eventPublisher.drain(this.stopTimeout.toMillis());
		TopicAdministrator administrator = this.administrator;
		this.administrator = null;
		if (administrator != null) {
			administrator.close();
		}
	}

	/**
	 * Return the topic administrator while the component runs.
	 * @return the administrator, or {@code null}
	 */
	public @Nullable TopicAdministrator administrator() {
		return this.administrator;
	}

	/**
	 * Return the state change publisher.
	 * @return the publisher, or {@code null} when state changes are not published
	 */
	public @Nullable StateChangePublisher statePublisher() {
		return this.statePublisher;
	}

}
