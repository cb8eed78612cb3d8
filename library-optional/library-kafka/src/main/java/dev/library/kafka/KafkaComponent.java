package dev.library.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The kafka component: at start it checks (and creates) the declared topics, starts
 * publishing state changes and consuming commands; it stops them in reverse order.
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

	private volatile @Nullable TopicAdministrator administrator;

	/**
	 * Create the component.
	 * @param administrators opens the admin client
	 * @param createTopics whether missing declared topics are created
	 * @param statePublisher publishes state changes, or {@code null} when off
	 * @param eventPublisher publishes the other events
	 * @param commandContainer consumes commands, or {@code null} when off
	 * @param stopTimeout how long to wait for records in flight when stopping
	 */
	public KafkaComponent(Supplier<TopicAdministrator> administrators, boolean createTopics,
			@Nullable StateChangePublisher statePublisher, KafkaEventPublisher eventPublisher,
			@Nullable MessageListenerContainer commandContainer, Duration stopTimeout) {
		this.administrators = administrators;
		this.createTopics = createTopics;
		this.statePublisher = statePublisher;
		this.eventPublisher = eventPublisher;
		this.commandContainer = commandContainer;
		this.stopTimeout = stopTimeout;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public void start() {
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
		this.eventPublisher.start();
		if (this.statePublisher != null) {
			this.statePublisher.start();
		}
		if (this.commandContainer != null) {
			this.commandContainer.start();
		}
	}

	@Override
	public void stop() {
		if (this.commandContainer != null) {
			this.commandContainer.stop();
		}
		if (this.statePublisher != null) {
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
