package dev.library.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The secrets meters: {@code library.secrets.reads}, {@code library.secrets.writes} and
 * {@code library.secrets.rotations}, tagged by {@code backend} and {@code outcome}. Both
 * tags are bounded: backends are few and outcomes a fixed set.
 *
 * @author Library
 */
public class SecretMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public SecretMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Count a value read.
	 * @param backend the backend
	 * @param outcome the outcome
	 */
	public void read(String backend, String outcome) {
		count("library.secrets.reads", "Secret values read", backend, outcome);
	}

	/**
	 * Count a write, delete or undelete.
	 * @param backend the backend
	 * @param outcome the outcome
	 */
	public void write(String backend, String outcome) {
		count("library.secrets.writes", "Secret writes, deletes and undeletes", backend, outcome);
	}

	/**
	 * Count a rotation.
	 * @param backend the backend
	 * @param outcome the outcome
	 */
	public void rotation(String backend, String outcome) {
		count("library.secrets.rotations", "Secrets rotated on request or on schedule", backend, outcome);
	}

	private void count(String name, String description, String backend, String outcome) {
		this.counters
			.computeIfAbsent(name + '|' + backend + '|' + outcome,
					(key) -> Counter.builder(name)
						.description(description)
						.baseUnit("operations")
						.tag("backend", backend)
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

}
