package dev.library.kafka;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the kafka component: DOWN while the broker cannot be reached (publishing then
 * waits, the state changes kept in the event log), with the cluster, the state changes
 * waiting for acknowledgement and the last send failure.
 *
 * @author Library
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

	private final ObjectProvider<KafkaComponent> component;

	private final Duration timeout;

	/**
	 * Create the indicator.
	 * @param component the component, once created
	 * @param timeout how long the broker may take to answer
	 */
	public KafkaHealthIndicator(ObjectProvider<KafkaComponent> component, Duration timeout) {
		this.component = component;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		KafkaComponent component = this.component.getIfAvailable();
		TopicAdministrator administrator = (component != null) ? component.administrator() : null;
		if (component == null || administrator == null) {
			return Mono.just(Health.unknown().withDetail("reason", "the kafka component has not started").build());
		}
		return Mono.fromCallable(administrator::cluster)
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.timeout.plusSeconds(1))
			.map((cluster) -> withPublishing(Health.up(), component).withDetail("clusterId", cluster.clusterId())
				.withDetail("brokers", cluster.brokers())
				.build())
			.onErrorResume((ex) -> Mono.just(withPublishing(Health.down(), component)
				.withDetail("error", "broker unreachable: " + ex.getMessage())
				.build()));
	}

	private static Health.Builder withPublishing(Health.Builder builder, KafkaComponent component) {
		StateChangePublisher publisher = component.statePublisher();
		if (publisher != null) {
			builder.withDetail("pendingStateChanges", publisher.pending())
				.withDetail("acknowledgedSequence", publisher.acknowledged());
			Throwable failure = publisher.failure();
			if (failure != null) {
				builder.withDetail("lastSendFailure", message(failure));
			}
		}
		return builder;
	}

	private static String message(@Nullable Throwable failure) {
		return (failure != null && failure.getMessage() != null) ? failure.getMessage() : "unknown";
	}

}
