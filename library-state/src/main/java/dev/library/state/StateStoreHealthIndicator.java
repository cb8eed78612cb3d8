package dev.library.state;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of a {@link DefaultStateStore}: {@code UP} while it runs and commits succeed,
 * {@code DOWN} while commits fail, {@code OUT_OF_SERVICE} when it is not running; the
 * details give the writer queue depth, the last commit and its error.
 *
 * @author Library
 */
public class StateStoreHealthIndicator implements ReactiveHealthIndicator {

	private final DefaultStateStore store;

	public StateStoreHealthIndicator(DefaultStateStore store) {
		this.store = store;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			StateStoreStatus status = this.store.status();
			Health.Builder health;
			if (!status.running()) {
				health = Health.outOfService();
			}
			else if (status.lastCommitError() != null) {
				health = Health.down().withDetail("lastCommitError", status.lastCommitError());
			}
			else {
				health = Health.up();
			}
			health.withDetail("state", status.state())
				.withDetail("persistence", status.persistence())
				.withDetail("durability", status.durability())
				.withDetail("keys", status.keys())
				.withDetail("committedSequence", status.committedSequence())
				.withDetail("writerQueueDepth", status.pendingChanges())
				.withDetail("watchers", status.watchers());
			if (status.lastCommit() != null) {
				health.withDetail("lastCommit", status.lastCommit().toString());
			}
			return health.build();
		});
	}

}
