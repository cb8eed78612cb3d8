package dev.library.adapters;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

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
 * and the number of reconnections. The entries are the instances running when health is
 * asked for, so an instance added or removed by a configuration reload appears or
 * disappears at once.
 *
 * @author Library
 */
public final class AdapterHealthContributor implements CompositeReactiveHealthContributor {

	/**
	 * Status of an instance that is connected but failing reads.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final AdapterSupervisors supervisors;

	/**
	 * Create the contributor.
	 * @param supervisors the instances
	 */
	public AdapterHealthContributor(AdapterSupervisors supervisors) {
		this.supervisors = supervisors;
	}

	@Override
	public @Nullable ReactiveHealthContributor getContributor(String name) {
		return this.supervisors.supervisor(name).map(AdapterHealthContributor::indicator).orElse(null);
	}

	@Override
	public Stream<Entry> stream() {
		return this.supervisors.supervisors()
			.stream()
			.map((supervisor) -> new Entry(supervisor.config().id(), indicator(supervisor)));
	}

	private static ReactiveHealthIndicator indicator(AdapterSupervisor supervisor) {
		return () -> Mono.fromSupplier(() -> health(supervisor.status()));
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
