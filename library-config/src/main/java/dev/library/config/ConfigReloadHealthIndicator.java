package dev.library.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the watched configuration file: {@code UP} while its latest version is in
 * force, {@link #WARNING} while a rejected version waits to be fixed, with the file and
 * every error. A rejection never fails readiness: the platform keeps running on the
 * previous values, so one bad ConfigMap does not take every replica out of service.
 *
 * @author Library
 */
public class ConfigReloadHealthIndicator implements ReactiveHealthIndicator {

	/**
	 * Status of a watched file whose latest version was rejected.
	 */
	public static final Status WARNING = new Status("WARNING",
			"The latest version of the watched configuration file was rejected; the previous values stay in force");

	private final ConfigurationReloader reloader;

	public ConfigReloadHealthIndicator(ConfigurationReloader reloader) {
		this.reloader = reloader;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> this.reloader.rejection()
			.map((rejection) -> Health.status(WARNING)
				.withDetail("file", rejection.file())
				.withDetail("rejectedAt", rejection.time().toString())
				.withDetail("errors", errors(rejection))
				.build())
			.orElseGet(() -> Health.up().build()));
	}

	private static List<Map<String, String>> errors(ConfigurationReload rejection) {
		return rejection.errors()
			.stream()
			.map((error) -> Map.of("property", Objects.toString(error.property(), ""), "reason", error.reason()))
			.toList();
	}

}
