package dev.library.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.state.StateChange;
import dev.library.state.StateWriteListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the observation (the trace) under which each recent state change was written, so
 * that the record that publishes the change is sent in that trace: a trace that starts at
 * {@code PUT /state/{key}} goes on to the Kafka send. The publisher sends from its own
 * thread, long after the request's trace was current, hence the hand-over by sequence.
 * Holds at most a bounded number of changes (the oldest are forgotten: their records are
 * then sent in traces of their own).
 *
 * @author Library
 */
public class StateChangeTraces implements StateWriteListener {

	private final ObservationRegistry registry;

	private final Map<Long, Observation> observations;

	/**
	 * Create the hand-over.
	 * @param registry gives the observation current while a change is written
	 * @param capacity how many changes are remembered at most
	 */
	public StateChangeTraces(ObservationRegistry registry, int capacity) {
		this.registry = registry;
		this.observations = new LinkedHashMap<>() {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Long, Observation> eldest) {
				return size() > capacity;
			}

		};
	}

	@Override
	public void written(StateChange change) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null && !current.isNoop()) {
			synchronized (this.observations) {
				this.observations.put(change.sequence(), current);
			}
		}
	}

	/**
	 * Take the observation under which a change was written.
	 * @param sequence the change's sequence
	 * @return the observation, or {@code null} when none was current or it was forgotten
	 */
	public @Nullable Observation take(long sequence) {
		synchronized (this.observations) {
			return this.observations.remove(sequence);
		}
	}

}
