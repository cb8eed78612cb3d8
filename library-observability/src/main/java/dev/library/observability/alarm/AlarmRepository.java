package dev.library.observability.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.library.state.EventQuery;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StatePage;
import dev.library.state.StateStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps alarms in the state store, so that they survive a restart: each alarm under
 * {@code <prefix>.<id>} as an {@link AlarmEvent} of its last transition, which makes the
 * store's event log the alarm history.
 *
 * @author Library
 */
public class AlarmRepository implements AlarmListener {

	/**
	 * Source of the writes, as the event log shows it.
	 */
	public static final String SOURCE = "alarms";

	private static final Log logger = LogFactory.getLog(AlarmRepository.class);

	private static final int PAGE_SIZE = 500;

	private final StateStore store;

	private final JsonMapper jsonMapper;

	private final String prefix;

	private final Sinks.Many<AlarmEvent> pending = Sinks.many().unicast().onBackpressureBuffer();

	private @Nullable Disposable writer;

	/**
	 * Create a new instance.
	 * @param store the state store
	 * @param jsonMapper maps alarms to JSON and back
	 * @param prefix the key prefix of the alarms, such as {@code alarms}
	 */
	public AlarmRepository(StateStore store, JsonMapper jsonMapper, String prefix) {
		this.store = store;
		this.jsonMapper = jsonMapper;
		this.prefix = prefix;
	}

	/**
	 * Return the key prefix of the alarms.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * Start writing queued alarms, one at a time, in transition order.
	 */
	public synchronized void start() {
		if (this.writer == null) {
			this.writer = this.pending.asFlux().concatMap(this::write).subscribe();
		}
	}

	/**
	 * Stop writing.
	 */
	public synchronized void stop() {
		if (this.writer != null) {
			this.writer.dispose();
		}
	}

	@Override
	public void transitioned(AlarmTransition transition, Alarm alarm) {
		this.pending.tryEmitNext(new AlarmEvent(transition, alarm));
	}

	private Mono<StateChange> write(AlarmEvent event) {
		String key = this.prefix + "." + event.alarm().id();
		return this.store.put(key, this.jsonMapper.valueToTree(event), SOURCE, Quality.GOOD).onErrorResume((ex) -> {
			logger.warn("Could not keep alarm '" + event.alarm().id() + "' in the state store", ex);
			return Mono.empty();
		});
	}

	/**
	 * Read the alarms kept.
	 * @return the alarms
	 */
	public Flux<Alarm> load() {
		return page(null).expand((page) -> (page.nextCursor() != null) ? page(page.nextCursor()) : Mono.empty())
			.flatMapIterable(StatePage::values)
			.mapNotNull((value) -> read(value.value()))
			.map(AlarmEvent::alarm);
	}

	private Mono<StatePage> page(@Nullable String cursor) {
		return this.store.list(this.prefix, PAGE_SIZE, cursor);
	}

	/**
	 * Read the history of transitions, oldest first.
	 * @param since only transitions kept at or after this instant, or {@code null}
	 * @param until only transitions kept before this instant, or {@code null}
	 * @param limit the largest number of transitions
	 * @param cursor the cursor of the previous page, or {@code null}
	 * @return the page
	 */
	public Mono<HistoryPage> history(@Nullable Instant since, @Nullable Instant until, int limit,
			@Nullable String cursor) {
		return this.store.events(new EventQuery(null, this.prefix, since, until, limit, cursor))
			.map((page) -> new HistoryPage(page.events()
				.stream()
				.map(StateChange::value)
				.filter(Objects::nonNull)
				.map(this::read)
				.filter(Objects::nonNull)
				.map(AlarmEvent::transition)
				.toList(), page.nextCursor()));
	}

	private @Nullable AlarmEvent read(JsonNode node) {
		try {
			return this.jsonMapper.treeToValue(node, AlarmEvent.class);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an alarm kept in a form that cannot be read: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * One page of alarm history.
	 *
	 * @param transitions the transitions, oldest first
	 * @param nextCursor the cursor of the next page, {@code null} on the last
	 */
	public record HistoryPage(List<AlarmTransition> transitions, @Nullable String nextCursor) {

	}

}
