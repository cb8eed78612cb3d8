package dev.library.database;

import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of a {@link PostgresStateStore} shared by replicas, with the details of the
 * embedded store's health: {@code UP} while it runs and PostgreSQL answers its commits
 * and reads, {@code DOWN} while it cannot (until a commit or a read of the event log
 * succeeds again), {@code OUT_OF_SERVICE} when it is not running.
 *
 * @author Library
 */
public class SharedStateStoreHealthIndicator implements ReactiveHealthIndicator {

	private final PostgresStateStore store;

	/**
	 * Create a new instance.
	 * @param store the store
	 */
	public SharedStateStoreHealthIndicator(PostgresStateStore store) {
		this.store = store;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			Health.Builder health;
			String error = this.store.lastError();
			if (!this.store.isRunning()) {
				health = Health.outOfService();
			}
			else if (error != null) {
				health = Health.down().withDetail("lastCommitError", error);
			}
			else {
				health = Health.up();
			}
			health.withDetail("state", this.store.isRunning() ? "running" : "stopped")
				.withDetail("persistence", this.store.describe())
				.withDetail("durability", "SYNC")
				.withDetail("committedSequence", this.store.dispatchedSequence())
				.withDetail("writerQueueDepth", this.store.pendingWrites())
				.withDetail("watchers", this.store.watchers())
				.withDetail("listening", this.store.isListening());
			Instant lastCommit = this.store.lastCommit();
			if (lastCommit != null) {
				health.withDetail("lastCommit", lastCommit.toString());
			}
			return health.build();
		});
	}

}
