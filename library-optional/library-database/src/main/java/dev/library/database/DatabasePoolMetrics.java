package dev.library.database;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;

/**
 * Meters of the database connection pool: {@code library.database.pool.acquired},
 * {@code .idle}, {@code .pending} and {@code .max}.
 *
 * @author Library
 */
public class DatabasePoolMetrics implements MeterBinder {

	private final ConnectionPool pool;

	public DatabasePoolMetrics(ConnectionPool pool) {
		this.pool = pool;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "acquired", "Connections in use", PoolMetrics::acquiredSize);
		gauge(registry, "idle", "Connections open and free", PoolMetrics::idleSize);
		gauge(registry, "pending", "Requests waiting for a connection", PoolMetrics::pendingAcquireSize);
		gauge(registry, "max", "Most connections the pool opens", PoolMetrics::getMaxAllocatedSize);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolMetrics> value) {
		Gauge
			.builder("library.database.pool." + name, this.pool,
					(pool) -> pool.getMetrics().map(value::applyAsDouble).orElse(0.0))
			.description(description)
			.baseUnit("connections")
			.register(registry);
	}

}
