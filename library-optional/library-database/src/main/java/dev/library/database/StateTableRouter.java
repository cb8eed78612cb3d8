package dev.library.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.library.state.StateChange;
import dev.library.state.StateStore;
import dev.library.state.StateWatchDroppedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the state changes that match a {@link StateTableRoute} into its table, in
 * batches of up to 1,000 changes or 200 milliseconds, one multi-row insert per table and
 * batch. It watches the store from the changes made after it starts; a batch that cannot
 * be written within a minute of retries is dropped and counted
 * ({@code library.database.routes.dropped}).
 *
 * @author Library
 */
public class StateTableRouter {

	private static final Log logger = LogFactory.getLog(StateTableRouter.class);

	private final StateStore store;

	private final DatabaseTables tables;

	private final List<StateTableRoute> routes;

	private final JsonMapper jsonMapper;

	private final Counter written;

	private final Counter dropped;

	private final AtomicLong lastSequence = new AtomicLong(-1);

	private @Nullable Disposable subscription;

	public StateTableRouter(StateStore store, DatabaseTables tables, List<StateTableRoute> routes,
			JsonMapper jsonMapper, MeterRegistry meters) {
		this.store = store;
		this.tables = tables;
		this.routes = List.copyOf(routes);
		this.jsonMapper = jsonMapper;
		this.written = Counter.builder("library.database.routes.written")
			.description("Rows written into declared tables from state changes")
			.baseUnit("rows")
			.register(meters);
		this.dropped = Counter.builder("library.database.routes.dropped")
			.description("Rows not written into declared tables because the database failed")
			.baseUnit("rows")
			.register(meters);
	}

	/**
	 * Start routing the changes made from now on.
	 */
	public synchronized void start() {
		if (this.routes.isEmpty() || this.subscription != null) {
			return;
		}
		this.subscription = Flux
			.defer(() -> (this.lastSequence.get() < 0) ? this.store.watch("")
					: this.store.watch("", this.lastSequence.get()))
			.doOnNext((change) -> this.lastSequence.set(change.sequence()))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(5))
				.filter(StateWatchDroppedException.class::isInstance))
			.filter((change) -> change.type() == StateChange.Type.PUT)
			.bufferTimeout(1_000, Duration.ofMillis(200))
			.concatMap(this::write)
			.subscribe(null, (ex) -> logger.error("Routing of state changes into tables stopped", ex));
	}

	private Mono<Void> write(List<StateChange> changes) {
		Map<StateTableRoute, List<Map<String, @Nullable Object>>> rows = new LinkedHashMap<>();
		for (StateChange change : changes) {
			for (StateTableRoute route : this.routes) {
				if (route.matches(change.key())) {
					rows.computeIfAbsent(route, (r) -> new ArrayList<>()).add(route.row(change, this.jsonMapper));
				}
			}
		}
		return Flux.fromIterable(rows.entrySet()).concatMap((entry) -> {
			TableDefinition table = entry.getKey().table();
			List<Map<String, @Nullable Object>> tableRows = entry.getValue();
			int perStatement = Math.max(1, 30_000 / table.columns().size());
			return Flux.fromIterable(chunks(tableRows, perStatement))
				.concatMap((chunk) -> this.tables.insert(table, chunk)
					.retryWhen(Retry.backoff(20, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
					.doOnSuccess((done) -> this.written.increment(chunk.size()))
					.onErrorResume((ex) -> {
						this.dropped.increment(chunk.size());
						logger.warn(
								"Dropped " + chunk.size() + " rows for table " + table.name() + ": " + ex.getMessage());
						return Mono.empty();
					}));
		}).then();
	}

	private static <T> List<List<T>> chunks(List<T> items, int size) {
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < items.size(); from += size) {
			chunks.add(items.subList(from, Math.min(items.size(), from + size)));
		}
		return chunks;
	}

	/**
	 * Stop routing.
	 */
	public synchronized void stop() {
		if (this.subscription != null) {
			this.subscription.dispose();
			this.subscription = null;
		}
	}

}
