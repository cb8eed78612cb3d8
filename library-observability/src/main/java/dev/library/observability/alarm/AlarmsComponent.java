package dev.library.observability.alarm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.state.StateChange;
import dev.library.state.StateKeys;
import dev.library.state.StateStore;
import dev.library.state.StateWatchDroppedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The {@code alarms} component: on start, brings back the alarms kept in the state store,
 * then feeds the {@link AlarmEngine} every state change and, on a dedicated thread
 * ({@code library-alarms}), the passing of time; on stop, ends both.
 *
 * @author Library
 */
public class AlarmsComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("alarms")
		.description("Alarms on live state with the ISA-18.2 life cycle")
		.dependsOn("state")
		.reloadableProperties("library.alarms.definitions")
		.build();

	private static final Log logger = LogFactory.getLog(AlarmsComponent.class);

	private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

	private final AlarmEngine engine;

	private final AlarmRepository repository;

	private final StateStore store;

	private final AlarmEventPublisher publisher;

	private final Duration evaluationInterval;

	private volatile long lastSequence;

	private @Nullable Scheduler timer;

	private @Nullable Disposable watch;

	/**
	 * Create a new instance.
	 * @param engine the engine to feed
	 * @param repository where alarms are kept
	 * @param store the state store to watch
	 * @param publisher ends the open streams on stop
	 * @param evaluationInterval how often delays, stale data and shelve expiry are
	 * evaluated
	 */
	public AlarmsComponent(AlarmEngine engine, AlarmRepository repository, StateStore store,
			AlarmEventPublisher publisher, Duration evaluationInterval) {
		this.publisher = publisher;
		this.engine = engine;
		this.repository = repository;
		this.store = store;
		this.evaluationInterval = evaluationInterval;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public synchronized void start() {
		// Runs on the lifecycle thread, which may block.
		Long restored = this.repository.load().filter(this.engine::restore).count().block(LOAD_TIMEOUT);
		if (restored != null && restored > 0) {
			logger.info("Restored " + restored + " alarm(s) from the state store");
		}
		this.repository.start();
		this.watch = Flux
			.defer(() -> (this.lastSequence > 0) ? this.store.watch("", this.lastSequence) : this.store.watch(""))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(5))
				.doBeforeRetry((signal) -> {
					if (!(signal.failure() instanceof StateWatchDroppedException)) {
						// History gone or store restarting: carry on from the live
						// changes.
						this.lastSequence = 0;
					}
					logger.debug("Alarm watch resubscribes after: " + signal.failure().getMessage());
				}))
			.subscribe(this::evaluate, (ex) -> logger.error("Alarm evaluation stopped", ex));
		long interval = this.evaluationInterval.toMillis();
		Scheduler scheduler = Schedulers.newSingle("library-alarms", true);
		scheduler.schedulePeriodically(this::tick, interval, interval, TimeUnit.MILLISECONDS);
		this.timer = scheduler;
	}

	@Override
	public synchronized void stop() {
		if (this.timer != null) {
			this.timer.dispose();
			this.timer = null;
		}
		if (this.watch != null) {
			this.watch.dispose();
			this.watch = null;
		}
		this.repository.stop();
		this.publisher.close();
	}

	private void evaluate(StateChange change) {
		this.lastSequence = change.sequence();
		if (StateKeys.isUnder(change.key(), this.repository.prefix())) {
			return;
		}
		try {
			if (change.type() == StateChange.Type.PUT && change.value() != null && change.quality() != null) {
				this.engine.update(change.key(), change.value(), change.quality());
			}
			else if (change.type() == StateChange.Type.DELETE) {
				this.engine.delete(change.key());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not evaluate alarms of key '" + change.key() + "'", ex);
		}
	}

	private void tick() {
		try {
			this.engine.tick();
		}
		catch (RuntimeException ex) {
			// A failed run must not end the periodic task.
			logger.warn("Alarm timer run failed", ex);
		}
	}

}
