package dev.library.adapters.interlock;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Re-checks interlocks whenever one of their inputs changes in the {@link StateStore},
 * and violated ones every second. When an interlock becomes violated it records an event
 * with the reason under {@code adapters.interlocks.<id>} and tells its
 * {@link ViolationHandler}, which drives the output to its safe state; when it holds
 * again it records that too.
 *
 * @author Library
 */
public class InterlockMonitor {

	/**
	 * Prefix of the state keys under which interlock events are recorded.
	 */
	public static final String EVENT_KEY_PREFIX = "adapters.interlocks.";

	private static final Log logger = LogFactory.getLog(InterlockMonitor.class);

	private volatile Interlocks interlocks;

	private final StateStore store;

	private final ViolationHandler handler;

	private final Duration recheckInterval;

	private final Map<String, StateValue> inputs = new ConcurrentHashMap<>();

	private final Map<String, Boolean> satisfied = new HashMap<>();

	private volatile @Nullable Disposable watch;

	private volatile boolean loaded;

	private boolean started;

	/**
	 * Create a monitor.
	 * @param interlocks the interlocks
	 * @param store where their inputs live and their events are recorded
	 * @param handler told about each violation
	 */
	public InterlockMonitor(Interlocks interlocks, StateStore store, ViolationHandler handler) {
		this(interlocks, store, handler, Duration.ofSeconds(1));
	}

	/**
	 * Create a monitor.
	 * @param interlocks the interlocks
	 * @param store where their inputs live and their events are recorded
	 * @param handler told about each violation
	 * @param recheckInterval how often violated interlocks are reported again although no
	 * input changed
	 */
	public InterlockMonitor(Interlocks interlocks, StateStore store, ViolationHandler handler,
			Duration recheckInterval) {
		this.interlocks = interlocks;
		this.store = store;
		this.handler = handler;
		this.recheckInterval = recheckInterval;
	}

	/**
	 * Start watching the inputs; evaluates every interlock once their current values are
	 * loaded.
	 */
	public synchronized void start() {
		this.started = true;
		watch();
	}

	/**
	 * Watch other interlocks from now on, after a configuration reload: forgets what was
	 * seen of the previous ones and evaluates the new ones once their inputs are loaded.
	 * @param interlocks the interlocks
	 */
	public synchronized void setInterlocks(Interlocks interlocks) {
		unwatch();
		this.interlocks = interlocks;
		this.loaded = false;
		this.inputs.clear();
		this.satisfied.clear();
		if (this.started) {
			watch();
		}
	}

	private void watch() {
		Set<String> keys = new TreeSet<>();
		this.interlocks.all().forEach((interlock) -> keys.addAll(interlock.condition().keys()));
		if (keys.isEmpty()) {
			return;
		}
		Flux<StateChange> changes = Flux.merge(keys.stream().map(this.store::watch).toList())
			.filter((change) -> keys.contains(change.key()));
		Flux<Object> initial = Flux.defer(() -> {
			this.loaded = false;
			return Flux.fromIterable(keys);
		}).flatMap((key) -> this.store.get(key).doOnNext(this::loaded)).thenMany(Flux.defer(() -> {
			this.loaded = true;
			evaluate(null);
			return Flux.empty();
		}));
		// Re-checked periodically too, so that an output whose adapter was unreachable
		// when
		// its interlock broke is driven safe once it can be
		Flux<Object> periodic = Flux.interval(this.recheckInterval).filter((tick) -> this.loaded).map((tick) -> {
			evaluate(null);
			return tick;
		});
		this.watch = Flux.merge(changes.doOnNext(this::changed), initial, periodic)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))
			.subscribe(null, (ex) -> logger.error("Interlock monitor stopped", ex));
	}

	/**
	 * Stop watching.
	 */
	public synchronized void stop() {
		this.started = false;
		unwatch();
	}

	private void unwatch() {
		Disposable current = this.watch;
		if (current != null) {
			current.dispose();
		}
	}

	/**
	 * Return whether an interlock held when last evaluated.
	 * @param id the interlock id
	 * @return whether it held, or {@code null} if it was not evaluated yet
	 */
	public synchronized @Nullable Boolean satisfied(String id) {
		return this.satisfied.get(id);
	}

	private void loaded(StateValue value) {
		// A change seen on the watch may be newer than what the initial read returned
		this.inputs.merge(value.key(), value, (seen, read) -> (seen.version() >= read.version()) ? seen : read);
	}

	private void changed(StateChange change) {
		if (change.type() == StateChange.Type.PUT) {
			loaded(change.toValue());
		}
		else {
			this.inputs.remove(change.key());
		}
		if (this.loaded) {
			evaluate(change.key());
		}
	}

	private synchronized void evaluate(@Nullable String changedKey) {
		for (Interlock interlock : this.interlocks.all()) {
			if (changedKey != null && !interlock.condition().keys().contains(changedKey)) {
				continue;
			}
			String reason = interlock.violation(this.inputs::get);
			boolean holds = reason == null;
			Boolean before = this.satisfied.put(interlock.id(), holds);
			if (before != null && before == holds) {
				if (!holds) {
					// Still violated: the output must stay safe whatever happened
					// meanwhile
					this.handler.violated(interlock, reason);
				}
				continue;
			}
			record(interlock, reason);
			if (!holds) {
				logger.warn(reason);
				this.handler.violated(interlock, reason);
			}
		}
	}

	private void record(Interlock interlock, @Nullable String reason) {
		ObjectNode event = JsonNodeFactory.instance.objectNode();
		event.put("satisfied", reason == null);
		event.put("output", interlock.output());
		if (reason != null) {
			event.put("reason", reason);
		}
		this.store.put(EVENT_KEY_PREFIX + interlock.id(), event, "interlock", Quality.GOOD)
			.subscribe(null, (ex) -> logger.warn("Interlock event not recorded: " + ex.getMessage()));
	}

	/**
	 * Acts on a violated interlock.
	 */
	@FunctionalInterface
	public interface ViolationHandler {

		/**
		 * Called when an input of a violated interlock changed, and periodically while it
		 * stays violated; should drive the output to its safe state unless it is there.
		 * @param interlock the interlock
		 * @param reason why it is violated
		 */
		void violated(Interlock interlock, String reason);

	}

}
