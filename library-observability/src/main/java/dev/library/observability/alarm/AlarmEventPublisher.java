package dev.library.observability.alarm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Fans the transitions of an {@link AlarmEngine} out: first to the registered listeners
 * (persistence, metrics), in order, then to the live streams. A stream subscriber that
 * cannot keep up misses events rather than slowing the engine down.
 *
 * @author Library
 */
public class AlarmEventPublisher implements AlarmListener {

	private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();

	private final Sinks.Many<AlarmEvent> live = Sinks.many().multicast().directBestEffort();

	private final Sinks.Empty<Void> closed = Sinks.empty();

	/**
	 * Add a listener, told of every later transition.
	 * @param listener the listener
	 */
	public void addListener(AlarmListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void transitioned(AlarmTransition transition, Alarm alarm) {
		for (AlarmListener listener : this.listeners) {
			listener.transitioned(transition, alarm);
		}
		// Called under the engine's lock: emissions never race.
		this.live.tryEmitNext(new AlarmEvent(transition, alarm));
	}

	/**
	 * Follow the transitions from now on.
	 * @return the events
	 */
	public Flux<AlarmEvent> events() {
		return this.live.asFlux();
	}

	/**
	 * Return a publisher that completes once {@link #close()} is called, so that open
	 * streams end when the application stops.
	 * @return the publisher
	 */
	public Mono<Void> closed() {
		return this.closed.asMono();
	}

	/**
	 * End the open streams.
	 */
	public void close() {
		this.closed.tryEmitEmpty();
	}

}
