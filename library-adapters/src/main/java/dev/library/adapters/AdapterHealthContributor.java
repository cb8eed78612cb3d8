package dev.library.adapters;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of every adapter instance, one entry each: {@code UP} when connected,
 * {@code DEGRADED} when connected but failing reads, {@code DOWN} when disconnected,
 * {@code UNKNOWN} when disabled; the details give the type, since when, the last error
 * and the number of reconnections.
 *
 * @author Library
 */
public final class AdapterHealthContributor {

	/**
	 * Status of an instance that is connected but failing reads.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private AdapterHealthContributor() {
	}

	/**
	 * Create the composite contributor.
	 * @param supervisors the instances
	 * @return the contributor, one indicator per instance
	 */
	public static CompositeReactiveHealthContributor of(AdapterSupervisors supervisors) {
		Map<String, ReactiveHealthContributor> indicators = new LinkedHashMap<>();
		for (AdapterSupervisor supervisor : supervisors.supervisors()) {
			indicators.put(supervisor.config().id(),
					(ReactiveHealthIndicator) () -> Mono.fromSupplier(() -> health(supervisor.status())));
		}
		return CompositeReactiveHealthContributor.fromMap(indicators);
	}

	static Health health(AdapterInstanceStatus status) {
		Status health = switch (status.status()) {
			case CONNECTED -> Status.UP;
			case DEGRADED -> DEGRADED;
			case DOWN -> Status.DOWN;
			case DISABLED -> Status.UNKNOWN;
		};
		Health.Builder builder = Health.status(health)
			.withDetail("type", status.type())
			.withDetail("status", status.status())
			.withDetail("since", status.since().toString())
			.withDetail("reconnects", status.reconnects());
		if (status.lastError() != null) {
			builder.withDetail("lastError", status.lastError());
		}
		return builder.build();
	}

}
