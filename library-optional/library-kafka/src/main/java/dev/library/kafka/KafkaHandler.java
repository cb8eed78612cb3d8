package dev.library.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /kafka/topics} (declared and actual topics with their drift) and
 * {@code GET /kafka/info} (bootstrap servers, client ids, publishing, the command
 * consumer's lag). Never shows credentials. Admin calls run off the event loop.
 *
 * @author Library
 */
public class KafkaHandler {

	private final KafkaComponent component;

	private final Settings settings;

	/**
	 * Create a handler.
	 * @param component the component
	 * @param settings what the info shows of the configuration
	 */
	public KafkaHandler(KafkaComponent component, Settings settings) {
		this.component = component;
		this.settings = settings;
	}

	/**
	 * List the topics.
	 * @param request the request
	 * @return the topics
	 */
	public Mono<ServerResponse> topics(ServerRequest request) {
		return blocking(() -> administrator().topics()).flatMap((topics) -> ServerResponse.ok().bodyValue(topics));
	}

	/**
	 * Describe the connection, the clients, publishing and the command consumer.
	 * @param request the request
	 * @return the description
	 */
	public Mono<ServerResponse> info(ServerRequest request) {
		return blocking(() -> {
			TopicAdministrator administrator = administrator();
			TopicAdministrator.ClusterView cluster = null;
			String error = null;
			Map<Integer, Long> lag = null;
			try {
				cluster = administrator.cluster();
				if (this.settings.commandsEnabled()) {
					lag = administrator.lag(this.settings.commandGroupId(), this.settings.commandTopic());
				}
			}
			catch (IllegalStateException ex) {
				error = ex.getMessage();
			}
			StateChangePublisher publisher = this.component.statePublisher();
			PublishView publish = (publisher != null)
					? new PublishView(true, publisher.acknowledged(), publisher.pending(), message(publisher.failure()))
					: new PublishView(false, null, null, null);
			CommandsView commands = new CommandsView(this.settings.commandsEnabled(), this.settings.commandTopic(),
					this.settings.deadLetterTopic(), this.settings.commandGroupId(), lag,
					(lag != null) ? lag.values().stream().mapToLong(Long::longValue).sum() : null);
			return new InfoView(this.settings.bootstrapServers(), cluster != null, error,
					(cluster != null) ? cluster.clusterId() : null, (cluster != null) ? cluster.brokers() : null,
					this.settings.clientIds(), this.settings.mode().name().toLowerCase(java.util.Locale.ROOT),
					this.settings.routes(), publish, commands);
		}).flatMap((info) -> ServerResponse.ok().bodyValue(info));
	}

	private TopicAdministrator administrator() {
		TopicAdministrator administrator = this.component.administrator();
		if (administrator == null) {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
					"Kafka not running", "The kafka component is not running");
		}
		return administrator;
	}

	private static <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(IllegalStateException.class, (ex) -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
					ProblemTypes.SERVICE_UNAVAILABLE, "Kafka broker unreachable", String.valueOf(ex.getMessage())));
	}

	private static @Nullable String message(@Nullable Throwable failure) {
		return (failure != null) ? String.valueOf(failure.getMessage()) : null;
	}

	/**
	 * What the info shows of the configuration.
	 *
	 * @param bootstrapServers the bootstrap servers
	 * @param clientIds the client ids by client: producer, consumer, admin
	 * @param mode the CloudEvents content mode
	 * @param routes the routing rules
	 * @param commandsEnabled whether commands are consumed
	 * @param commandTopic the command topic
	 * @param deadLetterTopic the dead-letter topic
	 * @param commandGroupId the command consumer's group
	 */
	public record Settings(List<String> bootstrapServers, Map<String, String> clientIds, CloudEventMode mode,
			List<EventRoutes.Rule> routes, boolean commandsEnabled, String commandTopic, String deadLetterTopic,
			String commandGroupId) {

	}

	/**
	 * What {@code GET /kafka/info} answers.
	 *
	 * @param bootstrapServers the bootstrap servers
	 * @param reachable whether the cluster answered
	 * @param error why it did not, or {@code null}
	 * @param clusterId the cluster id, when reachable
	 * @param brokers the number of brokers, when reachable
	 * @param clientIds the client ids by client: producer, consumer, admin
	 * @param cloudEventsMode structured or binary
	 * @param routes the routing rules
	 * @param publish publishing of state changes
	 * @param commands the command consumer
	 */
	public record InfoView(List<String> bootstrapServers, boolean reachable, @Nullable String error,
			@Nullable String clusterId, @Nullable Integer brokers, Map<String, String> clientIds,
			String cloudEventsMode, List<EventRoutes.Rule> routes, PublishView publish, CommandsView commands) {

	}

	/**
	 * Publishing of state changes.
	 *
	 * @param enabled whether state changes are published
	 * @param acknowledgedSequence the last state change sequence acknowledged with none
	 * missing before it
	 * @param pending state changes waiting for acknowledgement
	 * @param lastFailure the send failure publishing waits to recover from, or
	 * {@code null}
	 */
	public record PublishView(boolean enabled, @Nullable Long acknowledgedSequence, @Nullable Integer pending,
			@Nullable String lastFailure) {

	}

	/**
	 * The command consumer.
	 *
	 * @param enabled whether commands are consumed
	 * @param topic the command topic
	 * @param deadLetterTopic the dead-letter topic
	 * @param groupId the consumer group
	 * @param lag records not yet consumed per partition, when the broker answered
	 * @param totalLag their sum
	 */
	public record CommandsView(boolean enabled, String topic, String deadLetterTopic, String groupId,
			@Nullable Map<Integer, Long> lag, @Nullable Long totalLag) {

	}

}
