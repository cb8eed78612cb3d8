package dev.library.observability.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.notification.DeliveryPolicy;
import dev.library.observability.alarm.notification.EscalationStep;
import dev.library.observability.alarm.notification.FloodPolicy;
import dev.library.observability.alarm.notification.NotificationEvent;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of alarm notifications: channels, delivery and escalation.
 *
 * @author Library
 */
@ConfigurationProperties("library.alarms.notifications")
@Validated
public class AlarmNotificationProperties {

	/**
	 * Where notifications go: webhooks, e-mail and the log.
	 */
	private List<Channel> channels = new ArrayList<>();

	/**
	 * Escalation steps: an alarm not acknowledged within a step's time notifies the
	 * step's channels and may be raised to a higher severity.
	 */
	private List<Escalation> escalations = new ArrayList<>();

	/**
	 * Flood handling: more than max-raised alarms raised in one area within the window
	 * send one flood notification and hold back the area's raised notifications until the
	 * rate falls again.
	 */
	private final Flood flood = new Flood();

	/**
	 * Attempts to deliver a notification before it goes to the dead letters.
	 */
	private int maxAttempts = 5;

	/**
	 * Wait after the first failed attempt; it doubles (with jitter) for each later one.
	 */
	@DurationMin(millis = 1)
	private Duration initialBackoff = Duration.ofSeconds(1);

	/**
	 * Longest wait between two attempts.
	 */
	@DurationMin(millis = 1)
	private Duration maxBackoff = Duration.ofMinutes(1);

	/**
	 * Notifications a channel may have waiting; beyond, new ones go to the dead letters.
	 */
	private int queueCapacity = 1000;

	/**
	 * Deliveries a channel may have in flight at once.
	 */
	private int concurrency = 4;

	public List<Channel> getChannels() {
		return this.channels;
	}

	public void setChannels(List<Channel> channels) {
		this.channels = channels;
	}

	public List<Escalation> getEscalations() {
		return this.escalations;
	}

	public void setEscalations(List<Escalation> escalations) {
		this.escalations = escalations;
	}

	public Flood getFlood() {
		return this.flood;
	}

	FloodPolicy toFloodPolicy() {
		if (this.flood.getMaxRaised() < 0) {
			throw invalid("library.alarms.notifications.flood.max-raised", this.flood.getMaxRaised(),
					"Must not be negative");
		}
		return new FloodPolicy(this.flood.getMaxRaised(), this.flood.getWindow());
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	DeliveryPolicy toDeliveryPolicy() {
		String prefix = "library.alarms.notifications.";
		if (this.maxAttempts < 1) {
			throw invalid(prefix + "max-attempts", this.maxAttempts, "At least one attempt is needed");
		}
		if (this.maxBackoff.compareTo(this.initialBackoff) < 0) {
			throw invalid(prefix + "max-backoff", this.maxBackoff, "Must not be below initial-backoff");
		}
		if (this.queueCapacity < 1) {
			throw invalid(prefix + "queue-capacity", this.queueCapacity, "Must be at least 1");
		}
		if (this.concurrency < 1) {
			throw invalid(prefix + "concurrency", this.concurrency, "Must be at least 1");
		}
		return new DeliveryPolicy(this.maxAttempts, this.initialBackoff, this.maxBackoff, this.queueCapacity,
				this.concurrency);
	}

	/**
	 * Check the channels: unique names, a type, and for a webhook an http(s) URL and a
	 * signing key of at least 16 bytes.
	 */
	void checkChannels() {
		Set<String> names = new HashSet<>();
		for (int i = 0; i < this.channels.size(); i++) {
			Channel channel = this.channels.get(i);
			String property = "library.alarms.notifications.channels[" + i + "]";
			String name = channel.getName();
			if (name == null || !AlarmDefinition.NAME.matcher(name).matches()) {
				throw invalid(property + ".name", name, "A name is 1 to 63 lower-case letters, digits and '-'");
			}
			if (!names.add(name)) {
				throw invalid(property + ".name", name, "Another channel has the name '" + name + "'");
			}
			if (channel.getType() == null) {
				throw invalid(property + ".type", null, "A type is needed: webhook, email, kafka or log");
			}
			if (channel.getType() == ChannelType.WEBHOOK) {
				URI url = channel.getUrl();
				if (url == null || !url.isAbsolute()
						|| !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
					throw invalid(property + ".url", url, "A webhook needs an absolute http or https URL");
				}
				if (channel.getSslBundle() != null && !"https".equals(url.getScheme())) {
					throw invalid(property + ".ssl-bundle", channel.getSslBundle(),
							"An SSL bundle applies to an https URL only, not " + url.getScheme());
				}
				String key = channel.getSigningKey();
				if (key == null || key.getBytes(StandardCharsets.UTF_8).length < 16) {
					// never echo the key
					throw invalid(property + ".signing-key", null,
							"A webhook needs a signing key of at least 16 bytes for its HMAC-SHA256 signature");
				}
			}
			if (channel.getType() == ChannelType.KAFKA
					&& (channel.getTopic() == null || channel.getTopic().isBlank())) {
				throw invalid(property + ".topic", channel.getTopic(), "A kafka channel needs a topic");
			}
			if (channel.getType() == ChannelType.EMAIL) {
				if (channel.getTo().isEmpty()
						|| channel.getTo().stream().anyMatch((address) -> !address.contains("@"))) {
					throw invalid(property + ".to", String.join(",", channel.getTo()),
							"An e-mail channel needs one or more recipient addresses");
				}
				if (channel.getFrom() == null || !channel.getFrom().contains("@")) {
					throw invalid(property + ".from", channel.getFrom(), "An e-mail channel needs a sender address");
				}
			}
			if (channel.getEvents().isEmpty()) {
				throw invalid(property + ".events", null, "A channel needs at least one event");
			}
		}
	}

	List<EscalationStep> toEscalationSteps() {
		Set<String> channelNames = new HashSet<>();
		this.channels.forEach((channel) -> channelNames.add(channel.getName()));
		List<EscalationStep> steps = new ArrayList<>();
		for (int i = 0; i < this.escalations.size(); i++) {
			Escalation escalation = this.escalations.get(i);
			String property = "library.alarms.notifications.escalations[" + i + "]";
			if (escalation.getAfter() == null || !escalation.getAfter().isPositive()) {
				throw invalid(property + ".after", escalation.getAfter(), "A step needs a positive time");
			}
			for (String channel : escalation.getChannels()) {
				if (!channelNames.contains(channel)) {
					throw invalid(property + ".channels", channel, "No channel is named '" + channel + "'");
				}
			}
			if (escalation.getChannels().isEmpty() && escalation.getRaiseTo() == null) {
				throw invalid(property + ".channels", null, "A step needs channels to notify or a raise-to severity");
			}
			steps.add(new EscalationStep(escalation.getAfter(), new LinkedHashSet<>(escalation.getDefinitions()),
					toSet(escalation.getSeverities()), escalation.getChannels(), escalation.getRaiseTo()));
		}
		return steps;
	}

	private static Set<AlarmSeverity> toSet(List<AlarmSeverity> severities) {
		return severities.isEmpty() ? Set.of() : EnumSet.copyOf(severities);
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	/**
	 * Kind of notification channel.
	 */
	public enum ChannelType {

		/**
		 * JSON POST signed with HMAC-SHA256.
		 */
		WEBHOOK,

		/**
		 * A plain-text e-mail through SMTP (spring.mail.*).
		 */
		EMAIL,

		/**
		 * A record on a Kafka topic, through the kafka component.
		 */
		KAFKA,

		/**
		 * A line in the platform's log.
		 */
		LOG

	}

	/**
	 * One notification channel.
	 */
	public static class Channel {

		/**
		 * Unique name: lower-case letters, digits and '-'.
		 */
		private @Nullable String name;

		/**
		 * Kind of channel: webhook, email, kafka or log.
		 */
		private @Nullable ChannelType type;

		/**
		 * URL a webhook posts to.
		 */
		private @Nullable URI url;

		/**
		 * Shared key (at least 16 bytes) of a webhook's HMAC-SHA256 signature header
		 * (Library-Signature); never shown or logged.
		 */
		private @Nullable String signingKey;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) of an https webhook: its trust
		 * material verifies the receiver, its key material (if any) is presented as the
		 * client certificate for mutual TLS. Followed when the bundle is reloaded.
		 * Without it, the JVM's default trust applies.
		 */
		private @Nullable String sslBundle;

		/**
		 * Sender address of an e-mail channel.
		 */
		private @Nullable String from;

		/**
		 * Recipient addresses of an e-mail channel.
		 */
		private List<String> to = new ArrayList<>();

		/**
		 * Topic a kafka channel publishes to (needs the kafka component).
		 */
		private @Nullable String topic;

		/**
		 * Longest time one delivery attempt may take.
		 */
		@DurationMin(millis = 1)
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Events the channel is told of: raised, acknowledged, cleared, chattering,
		 * flood, flood-ended (escalated ones go to the channels escalation steps name).
		 */
		private List<NotificationEvent> events = new ArrayList<>(
				List.of(NotificationEvent.RAISED, NotificationEvent.CLEARED, NotificationEvent.CHATTERING,
						NotificationEvent.FLOOD, NotificationEvent.FLOOD_ENDED));

		/**
		 * Severities the channel is told of; empty for all.
		 */
		private List<AlarmSeverity> severities = new ArrayList<>();

		/**
		 * Plant areas the channel is told of; empty for all.
		 */
		private List<String> areas = new ArrayList<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable ChannelType getType() {
			return this.type;
		}

		public void setType(@Nullable ChannelType type) {
			this.type = type;
		}

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public @Nullable String getSigningKey() {
			return this.signingKey;
		}

		public void setSigningKey(@Nullable String signingKey) {
			this.signingKey = signingKey;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public @Nullable String getFrom() {
			return this.from;
		}

		public void setFrom(@Nullable String from) {
			this.from = from;
		}

		public List<String> getTo() {
			return this.to;
		}

		public void setTo(List<String> to) {
			this.to = to;
		}

		public @Nullable String getTopic() {
			return this.topic;
		}

		public void setTopic(@Nullable String topic) {
			this.topic = topic;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public List<NotificationEvent> getEvents() {
			return this.events;
		}

		public void setEvents(List<NotificationEvent> events) {
			this.events = events;
		}

		public List<AlarmSeverity> getSeverities() {
			return this.severities;
		}

		public void setSeverities(List<AlarmSeverity> severities) {
			this.severities = severities;
		}

		public List<String> getAreas() {
			return this.areas;
		}

		public void setAreas(List<String> areas) {
			this.areas = areas;
		}

		Set<AlarmSeverity> severitySet() {
			return toSet(this.severities);
		}

	}

	/**
	 * Flood handling.
	 */
	public static class Flood {

		/**
		 * Raised alarms allowed per area within the window (ISA-18.2 suggests 10 per 10
		 * minutes); 0 turns flood handling off.
		 */
		private int maxRaised = 10;

		/**
		 * Sliding window raised alarms are counted in.
		 */
		@DurationMin(millis = 1)
		private Duration window = Duration.ofMinutes(10);

		public int getMaxRaised() {
			return this.maxRaised;
		}

		public void setMaxRaised(int maxRaised) {
			this.maxRaised = maxRaised;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * One escalation step.
	 */
	public static class Escalation {

		/**
		 * How long after activation an unacknowledged alarm fires the step.
		 */
		private @Nullable Duration after;

		/**
		 * Definition names the step applies to; empty for all.
		 */
		private List<String> definitions = new ArrayList<>();

		/**
		 * Severities the step applies to; empty for all.
		 */
		private List<AlarmSeverity> severities = new ArrayList<>();

		/**
		 * Channels the step notifies.
		 */
		private List<String> channels = new ArrayList<>();

		/**
		 * Severity the step raises the alarm to, for the rest of its activation.
		 */
		private @Nullable AlarmSeverity raiseTo;

		public @Nullable Duration getAfter() {
			return this.after;
		}

		public void setAfter(@Nullable Duration after) {
			this.after = after;
		}

		public List<String> getDefinitions() {
			return this.definitions;
		}

		public void setDefinitions(List<String> definitions) {
			this.definitions = definitions;
		}

		public List<AlarmSeverity> getSeverities() {
			return this.severities;
		}

		public void setSeverities(List<AlarmSeverity> severities) {
			this.severities = severities;
		}

		public List<String> getChannels() {
			return this.channels;
		}

		public void setChannels(List<String> channels) {
			this.channels = channels;
		}

		public @Nullable AlarmSeverity getRaiseTo() {
			return this.raiseTo;
		}

		public void setRaiseTo(@Nullable AlarmSeverity raiseTo) {
			this.raiseTo = raiseTo;
		}

	}

}
