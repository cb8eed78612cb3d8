package dev.library.database;

import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the platform's PostgreSQL database: {@code UP} when a connection validates
 * within the check timeout, {@code DOWN} otherwise; the details name the database and the
 * state changes waiting in the outage buffer.
 *
 * @author Library
 */
public class DatabaseHealthIndicator implements ReactiveHealthIndicator {

	private final DatabaseConnectionCheck check;

	private final String database;

	private final @Nullable PostgresStatePersistence persistence;

	/**
	 * Create a new instance.
	 * @param check the connection check
	 * @param database the database, as {@code host:port/name}
	 * @param persistence the state persistence whose buffer is reported, or {@code null}
	 */
	public DatabaseHealthIndicator(DatabaseConnectionCheck check, String database,
			@Nullable PostgresStatePersistence persistence) {
		this.check = check;
		this.database = database;
		this.persistence = persistence;
	}

	@Override
	public Mono<Health> health() {
		return this.check.check()
			.then(Mono.fromSupplier(() -> details(Health.up())))
			.onErrorResume((ex) -> Mono.just(details(Health.down()).withDetail("error", describe(ex))))
			.map(Health.Builder::build);
	}

	private Health.Builder details(Health.Builder health) {
		health.withDetail("database", this.database);
		if (this.persistence != null) {
			health.withDetail("bufferedChanges", this.persistence.bufferedChanges());
		}
		return health;
	}

	private String describe(Throwable ex) {
		if (ex instanceof TimeoutException) {
			return "no answer within " + this.check.timeout();
		}
		return String.valueOf(ex.getMessage());
	}

}
