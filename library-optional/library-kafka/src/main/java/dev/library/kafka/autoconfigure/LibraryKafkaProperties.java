package dev.library.kafka.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.library.kafka.CloudEventMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the kafka component: what is published where, the command topic and the
 * declared topics. The connection itself (bootstrap servers, TLS, SASL) is Spring Boot's
 * {@code spring.kafka.*}.
 *
 * @author Library
 */
@ConfigurationProperties("library.kafka")
@Validated
public class LibraryKafkaProperties {

	/**
	 * Prefix of the client ids of the producer, the command consumer and the admin
	 * client.
	 */
	@NotBlank
	private String clientId = "library";

	/**
	 * How long an admin call (topic creation, describe, lag) may take.
	 */
	@NotNull
	private Duration operationTimeout = Duration.ofSeconds(10);

	/**
	 * Interval of the broker check that reports the kafka component degraded (and
	 * readiness down) while the broker cannot be reached or state changes cannot be
	 * delivered.
	 */
	@NotNull
	private Duration healthCheckInterval = Duration.ofSeconds(5);

	/**
	 * Whether declared topics missing on the broker are created at start.
	 */
	private boolean createTopics = true;

	/**
	 * Topics checked (and created when missing) at start; differences from the broker are
	 * reported by GET /kafka/topics.
	 */
	@Valid
	private List<Topic> topics = new ArrayList<>();

	/**
	 * Routing rules, first match wins: which topic receives which state changes and
	 * events. An event no rule matches is not published.
	 */
	@Valid
	private List<Route> routes = new ArrayList<>();

	/**
	 * CloudEvents encoding of the published records.
	 */
	@Valid
	private final CloudEvents cloudEvents = new CloudEvents();

	/**
	 * Publishing of state changes, alarm transitions and command results.
	 */
	@Valid
	private final Publish publish = new Publish();

	/**
	 * Commands consumed from a topic.
	 */
	@Valid
	private final Commands commands = new Commands();

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = clientId;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	public Duration getHealthCheckInterval() {
		return this.healthCheckInterval;
	}

	public void setHealthCheckInterval(Duration healthCheckInterval) {
		this.healthCheckInterval = healthCheckInterval;
	}

	public boolean isCreateTopics() {
		return this.createTopics;
	}

	public void setCreateTopics(boolean createTopics) {
		this.createTopics = createTopics;
	}

	public List<Topic> getTopics() {
		return this.topics;
	}

	public void setTopics(List<Topic> topics) {
		this.topics = topics;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	public CloudEvents getCloudEvents() {
		return this.cloudEvents;
	}

	public Publish getPublish() {
		return this.publish;
	}

	public Commands getCommands() {
		return this.commands;
	}

	/**
	 * A declared topic.
	 */
	public static class Topic {

		/**
		 * Name of the topic.
		 */
		@NotBlank
		private String name = "";

		/**
		 * Number of partitions.
		 */
		@Min(1)
		private int partitions = 3;

		/**
		 * Replication factor; the broker's default when not set.
		 */
		private @Nullable Short replicationFactor;

		/**
		 * How long records are kept (retention.ms); the broker's default when not set.
		 */
		private @Nullable Duration retention;

		/**
		 * Cleanup policy (cleanup.policy): delete, compact or "compact,delete"; the
		 * broker's default when not set.
		 */
		private @Nullable String cleanupPolicy;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int getPartitions() {
			return this.partitions;
		}

		public void setPartitions(int partitions) {
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

		public @Nullable Duration getRetention() {
			return this.retention;
		}

		public void setRetention(@Nullable Duration retention) {
			this.retention = retention;
		}

		public @Nullable String getCleanupPolicy() {
			return this.cleanupPolicy;
		}

		public void setCleanupPolicy(@Nullable String cleanupPolicy) {
			this.cleanupPolicy = cleanupPolicy;
		}

	}

	/**
	 * A routing rule.
	 */
	public static class Route {

		/**
		 * Topic the matching records go to.
		 */
		@NotBlank
		private String topic = "";

		/**
		 * State key prefixes whose changes go to the topic; an empty prefix matches every
		 * key.
		 */
		private List<String> statePrefixes = new ArrayList<>();

		/**
		 * CloudEvents types that go to the topic, such as dev.library.alarm.transitioned;
		 * a trailing '*' matches any rest.
		 */
		private List<String> eventTypes = new ArrayList<>();

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public List<String> getStatePrefixes() {
			return this.statePrefixes;
		}

		public void setStatePrefixes(List<String> statePrefixes) {
			this.statePrefixes = statePrefixes;
		}

		public List<String> getEventTypes() {
			return this.eventTypes;
		}

		public void setEventTypes(List<String> eventTypes) {
			this.eventTypes = eventTypes;
		}

	}

	/**
	 * CloudEvents encoding.
	 */
	public static class CloudEvents {

		/**
		 * Content mode: structured (the whole event as application/cloudevents+json) or
		 * binary (attributes in ce_ headers, the data as the value).
		 */
		@NotNull
		private CloudEventMode mode = CloudEventMode.STRUCTURED;

		/**
		 * Source attribute of the events, a URI reference naming this instance.
		 */
		@NotBlank
		private String source = "/library";

		public CloudEventMode getMode() {
			return this.mode;
		}

		public void setMode(CloudEventMode mode) {
			this.mode = mode;
		}

		public String getSource() {
			return this.source;
		}

		public void setSource(String source) {
			this.source = source;
		}

	}

	/**
	 * Publishing.
	 */
	public static class Publish {

		/**
		 * Whether state changes, alarm transitions and command results are published.
		 */
		private boolean enabled = true;

		/**
		 * File holding the sequence of the last state change the broker acknowledged, so
		 * that publishing resumes after it; defaults to kafka/publish-cursor under
		 * library.state.data-dir.
		 */
		private @Nullable String cursorFile;

		/**
		 * First wait before publishing is resumed after a failed send; doubled on every
		 * further failure.
		 */
		@NotNull
		private Duration retryDelay = Duration.ofSeconds(1);

		/**
		 * Longest wait before publishing is resumed after a failed send.
		 */
		@NotNull
		private Duration maxRetryDelay = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getCursorFile() {
			return this.cursorFile;
		}

		public void setCursorFile(@Nullable String cursorFile) {
			this.cursorFile = cursorFile;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getMaxRetryDelay() {
			return this.maxRetryDelay;
		}

		public void setMaxRetryDelay(Duration maxRetryDelay) {
			this.maxRetryDelay = maxRetryDelay;
		}

	}

	/**
	 * Commands from a topic.
	 */
	public static class Commands {

		/**
		 * Whether commands are consumed from the command topic.
		 */
		private boolean enabled = true;

		/**
		 * Topic the commands are read from.
		 */
		@NotBlank
		private String topic = "library.commands";

		/**
		 * Topic malformed, unauthenticated and refused commands go to, with the reason in
		 * their headers.
		 */
		@NotBlank
		private String deadLetterTopic = "library.commands.dlt";

		/**
		 * Consumer group of the command consumer.
		 */
		@NotBlank
		private String groupId = "library-commands";

		/**
		 * Shared secret of the HMAC-SHA256 signature in the library-signature header;
		 * commands without a valid signature are dead-lettered. No command is accepted
		 * while it is not set.
		 */
		private @Nullable String signingSecret;

		/**
		 * Largest command record value; larger ones are dead-lettered.
		 */
		@NotNull
		private DataSize maxRecordSize = DataSize.ofKilobytes(64);

		/**
		 * How long a command may take to reach its final status before its record is
		 * dead-lettered as timed out.
		 */
		@NotNull
		private Duration timeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public String getDeadLetterTopic() {
			return this.deadLetterTopic;
		}

		public void setDeadLetterTopic(String deadLetterTopic) {
			this.deadLetterTopic = deadLetterTopic;
		}

		public String getGroupId() {
			return this.groupId;
		}

		public void setGroupId(String groupId) {
			this.groupId = groupId;
		}

		public @Nullable String getSigningSecret() {
			return this.signingSecret;
		}

		public void setSigningSecret(@Nullable String signingSecret) {
			this.signingSecret = signingSecret;
		}

		public DataSize getMaxRecordSize() {
			return this.maxRecordSize;
		}

		public void setMaxRecordSize(DataSize maxRecordSize) {
			this.maxRecordSize = maxRecordSize;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
