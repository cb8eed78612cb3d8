package dev.library.adapters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.PointConfig;
import dev.library.adapters.spi.ReadingSource;
import dev.library.adapters.spi.Watchdog;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Supervises one adapter instance on a thread of its own: connects it, reconnects it with
 * back-off and jitter when the connection is lost, polls its points into the
 * {@link StateStore} (quality {@code BAD} while disconnected), feeds its watchdog, and
 * drives its outputs to their safe state at start-up, after contact was lost for longer
 * than the watchdog timeout, and on stop.
 * <p>
 * Every call to the adapter runs on the supervisor's thread, so the adapter sees one call
 * at a time and writes to its outputs are serialized. A failure of one instance stays
 * with its supervisor.
 *
 * @author Library
 */
public class AdapterSupervisor {

	private static final Log logger = LogFactory.getLog(AdapterSupervisor.class);

	private static final Duration STORE_FAILURE_WARNING_INTERVAL = Duration.ofSeconds(10);

	private final AdapterConfig config;

	private final Adapter adapter;

	private final boolean enabled;

	private final StateStore store;

	private final ReconnectPolicy reconnectPolicy;

	private final Duration watchdogTimeout;

	private final Clock clock;

	private final ScheduledExecutorService executor;

	private final SplittableRandom random = new SplittableRandom();

	private final Map<String, JsonNode> lastValues = new ConcurrentHashMap<>();

	private final Map<String, Quality> lastQualities = new ConcurrentHashMap<>();

	private final AtomicLong reconnects = new AtomicLong();

	private final Counter reconnectCounter;

	private final Counter readCounter;

	private final Counter writeCounter;

	private final Counter errorCounter;

	private final Timer readLatency;

	private final MeterRegistry meters;

	private final List<Meter> registeredMeters = new ArrayList<>();

	// Tasks accepted but not run yet: failed when the instance stops before running them
	private final Set<CompletableFuture<?>> queued = ConcurrentHashMap.newKeySet();

	private volatile @Nullable SafeStateListener safeStateListener;

	private final AtomicLong storeFailureWarnedAt = new AtomicLong(
			System.nanoTime() - STORE_FAILURE_WARNING_INTERVAL.toNanos());

	private final AtomicLong storeFailuresNotWarned = new AtomicLong();

	/**
	 * Outputs in an unknown state, to drive safe on the next connection, by point id.
	 * Only touched on the supervisor's thread.
	 */
	private final Map<String, String> unsettledOutputs = new HashMap<>();

	private volatile AdapterStatus status;

	private volatile Instant since;

	private volatile @Nullable String lastError;

	private volatile boolean running;

	private volatile long lastContactNanos = System.nanoTime();

	private volatile @Nullable Thread thread;

	// Confined to the supervisor's thread
	private boolean connected;

	private boolean everConnected;

	private int failedAttempts;

	private long lostAtNanos;

	private final Set<String> failingPoints = new HashSet<>();

	private final List<ScheduledFuture<?>> connectedTasks = new ArrayList<>();

	private @Nullable ScheduledFuture<?> pendingReconnect;

	/**
	 * Create a supervisor.
	 * @param config the instance's configuration
	 * @param adapter the instance's adapter, not connected
	 * @param enabled whether the instance is enabled; a disabled one never connects
	 * @param store where readings go
	 * @param reconnectPolicy delays between connection attempts
	 * @param watchdogTimeout longest time without contact before the instance counts as
	 * disconnected and its outputs must be driven safe
	 * @param meters where the instance's meters are registered
	 * @param clock the clock of status timestamps
	 */
	public AdapterSupervisor(AdapterConfig config, Adapter adapter, boolean enabled, StateStore store,
			ReconnectPolicy reconnectPolicy, Duration watchdogTimeout, MeterRegistry meters, Clock clock) {
		this.config = config;
		this.adapter = adapter;
		this.enabled = enabled;
		this.store = store;
		this.reconnectPolicy = reconnectPolicy;
		this.watchdogTimeout = watchdogTimeout;
		this.clock = clock;
		this.status = enabled ? AdapterStatus.DOWN : AdapterStatus.DISABLED;
		this.since = clock.instant();
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread created = new Thread(runnable, "adapter-" + config.id());
			created.setDaemon(true);
			this.thread = created;
			return created;
		});
		this.meters = meters;
		String id = config.id();
		Gauge connected = Gauge
			.builder("library.adapter.connected", this, (supervisor) -> supervisor.connectedNow() ? 1 : 0)
			.description("Whether the adapter instance is connected (1) or not (0)")
			.tag("adapter", id)
			.register(meters);
		this.reconnectCounter = Counter.builder("library.adapter.reconnects")
			.description("Connections made again after the adapter instance lost its connection")
			.baseUnit("reconnects")
			.tag("adapter", id)
			.register(meters);
		this.readCounter = Counter.builder("library.adapter.reads")
			.description("Points read from the adapter instance")
			.baseUnit("reads")
			.tag("adapter", id)
			.register(meters);
		this.writeCounter = Counter.builder("library.adapter.writes")
			.description("Points written to the adapter instance")
			.baseUnit("writes")
			.tag("adapter", id)
			.register(meters);
		this.errorCounter = Counter.builder("library.adapter.errors")
			.description("Failed connection attempts, reads and writes of the adapter instance")
			.baseUnit("errors")
			.tag("adapter", id)
			.register(meters);
		this.readLatency = Timer.builder("library.adapter.read.latency")
			.description("Time taken by one read of a point of the adapter instance")
			.tag("adapter", id)
			.register(meters);
		this.registeredMeters.addAll(List.of(connected, this.reconnectCounter, this.readCounter, this.writeCounter,
				this.errorCounter, this.readLatency));
	}

	/**
	 * Set who is told about outputs driven to their safe state.
	 * @param listener the listener
	 */
	public void setSafeStateListener(SafeStateListener listener) {
		this.safeStateListener = listener;
	}

	/**
	 * Return the instance's configuration.
	 * @return the configuration
	 */
	public AdapterConfig config() {
		return this.config;
	}

	/**
	 * Return the status of the instance.
	 * @return the status
	 */
	public AdapterInstanceStatus status() {
		return new AdapterInstanceStatus(this.config.id(), this.config.type(), this.enabled, this.status, this.since,
				this.lastError, this.reconnects.get(),
				this.config.devices().stream().map((device) -> device.id()).toList());
	}

	/**
	 * Return how long the instance may go without contact before its outputs must be
	 * driven safe.
	 * @return the watchdog timeout
	 */
	public Duration watchdogTimeout() {
		return this.watchdogTimeout;
	}

	/**
	 * Return whether the instance is enabled.
	 * @return whether it is enabled
	 */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Start connecting, on the supervisor's thread.
	 * @return completes after the first connection attempt, successful or not
	 */
	public CompletableFuture<AdapterInstanceStatus> start() {
		if (!this.enabled || this.running) {
			return CompletableFuture.completedFuture(status());
		}
		this.running = true;
		return submit(() -> {
			connect();
			return status();
		});
	}

	/**
	 * Drive the outputs to their safe state, close the connection and end the thread.
	 * @param timeout how long to wait for the outputs and the connection
	 */
	public void stop(Duration timeout) {
		stop(timeout, "shutdown");
	}

	/**
	 * Drive the outputs to their safe state, close the connection and end the thread.
	 * Tasks still queued then (commands among them) are failed with the reason, never
	 * run; a task already running is not interrupted (an interrupted write could leave
	 * the device, or a file being written, half done), and the outputs are driven safe
	 * after it, in the background if that takes longer than the timeout.
	 * @param timeout how long to wait for the outputs and the connection
	 * @param reason why the instance stops, recorded with each output driven safe
	 */
	public void stop(Duration timeout, String reason) {
		boolean wasRunning = this.running;
		this.running = false;
		failQueued(reason);
		if (!wasRunning) {
			this.executor.shutdown();
			return;
		}
		try {
			submit(() -> {
				cancelConnectedTasks();
				if (this.pendingReconnect != null) {
					this.pendingReconnect.cancel(false);
				}
				if (this.connected) {
					driveAllSafe(reason);
					disconnect("stopped");
				}
				return null;
			}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Adapter '" + this.config.id() + "' did not stop within " + timeout
					+ "; its outputs are driven safe once the task in progress ends: " + ex);
		}
		finally {
			// The stop task, already queued, still runs; polls and reconnections do not
			this.executor.shutdown();
		}
	}

	/**
	 * Remove the instance's meters from the registry, once it is stopped for good.
	 */
	public void removeMeters() {
		this.registeredMeters.forEach(this.meters::remove);
	}

	private void failQueued(String reason) {
		AdapterException stopped = new AdapterException(
				"Adapter instance '" + this.config.id() + "' was stopped (" + reason + ") before the task ran");
		for (CompletableFuture<?> task : List.copyOf(this.queued)) {
			// A task that has started meanwhile owns its result
			if (this.queued.remove(task)) {
				task.completeExceptionally(stopped);
			}
		}
	}

	/**
	 * Close the connection if open and connect again at once.
	 * @return completes when the attempt was made
	 */
	public CompletableFuture<AdapterInstanceStatus> reconnect() {
		if (!this.running) {
			return CompletableFuture.completedFuture(status());
		}
		return submit(() -> {
			if (this.pendingReconnect != null) {
				this.pendingReconnect.cancel(false);
			}
			if (this.connected) {
				disconnect("reconnect requested");
			}
			this.failedAttempts = 0;
			connect();
			return status();
		});
	}

	/**
	 * Run a task on the supervisor's thread, after the tasks submitted before it; runs it
	 * at once if called on that thread.
	 * @param <T> the type of the result
	 * @param task the task
	 * @return the result
	 */
	public <T> CompletableFuture<T> submit(Callable<T> task) {
		if (Thread.currentThread() == this.thread) {
			try {
				return CompletableFuture.completedFuture(task.call());
			}
			catch (Exception ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		this.queued.add(result);
		try {
			this.executor.execute(() -> {
				if (!this.queued.remove(result)) {
					// Failed by the stop before it could start: never run
					return;
				}
				try {
					result.complete(task.call());
				}
				catch (Throwable ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			this.queued.remove(result);
			result.completeExceptionally(new AdapterException("Adapter '" + this.config.id() + "' is stopped"));
		}
		return result;
	}

	/**
	 * Write a raw value to an output and read it back. Must run on the supervisor's
	 * thread (in a {@link #submit} task).
	 * @param point the output
	 * @param raw the raw value
	 * @return the raw value read back
	 * @throws AdapterException if the instance is not connected, or the write or read
	 * failed
	 */
	public Object writeAndReadBack(PointConfig point, Object raw) {
		assertOnSupervisorThread();
		if (!this.connected) {
			throw new AdapterException("Adapter '" + this.config.id() + "' is not connected");
		}
		try {
			this.adapter.write(point, raw);
			this.writeCounter.increment();
			Object readBack = readPoint(point);
			contact();
			publish(point, readBack);
			return readBack;
		}
		catch (RuntimeException ex) {
			ioFailed(point, ex);
			throw (ex instanceof AdapterException adapterException) ? adapterException
					: new AdapterException(ex.toString(), ex);
		}
	}

	/**
	 * Drive one output to its safe state now, or as soon as the instance is connected
	 * again: for an output whose state is unknown, such as after a failed command.
	 * @param point the output
	 * @param reason why, for the audit trail
	 */
	public void driveSafeWhenConnected(PointConfig point, String reason) {
		submit(() -> {
			if (this.connected) {
				driveOneSafe(point, reason);
			}
			else {
				this.unsettledOutputs.put(point.id(), reason);
			}
			return null;
		});
	}

	/**
	 * Drive one output to its safe state, on the supervisor's thread.
	 * @param point the output
	 * @param reason why, for the audit trail
	 * @return completes with whether the safe value was confirmed
	 */
	public CompletableFuture<Boolean> driveSafe(PointConfig point, String reason) {
		return submit(() -> driveOneSafe(point, reason));
	}

	/**
	 * Return the last engineering value read from a point, if any.
	 * @param point the point
	 * @return the value, or {@code null}
	 */
	public @Nullable JsonNode lastValue(PointConfig point) {
		return this.lastValues.get(point.id());
	}

	boolean connectedNow() {
		return this.status == AdapterStatus.CONNECTED || this.status == AdapterStatus.DEGRADED;
	}

	private void connect() {
		if (!this.running || this.connected) {
			return;
		}
		this.pendingReconnect = null;
		try {
			this.adapter.connect();
		}
		catch (RuntimeException ex) {
			this.errorCounter.increment();
			this.lastError = "Connection failed: " + ex.getMessage();
			logger.debug("Adapter '" + this.config.id() + "' failed to connect", ex);
			closeQuietly();
			scheduleReconnect();
			return;
		}
		this.connected = true;
		this.failedAttempts = 0;
		long downNanos = System.nanoTime() - this.lostAtNanos;
		boolean firstConnection = !this.everConnected;
		if (this.everConnected) {
			this.reconnects.incrementAndGet();
			this.reconnectCounter.increment();
		}
		this.everConnected = true;
		contact();
		this.failingPoints.clear();
		setStatus(AdapterStatus.CONNECTED);
		logger.info("Adapter '" + this.config.id() + "' connected");
		try {
			if (this.adapter instanceof Watchdog watchdog) {
				watchdog.arm(this.watchdogTimeout);
			}
			if (this.adapter instanceof ReadingSource source) {
				source.subscribe((point, value) -> this.executor.execute(() -> {
					if (this.connected) {
						this.readCounter.increment();
						contact();
						publish(point, value);
					}
				}));
			}
		}
		catch (RuntimeException ex) {
			connectionLost("Adapter set-up failed: " + ex.getMessage());
			return;
		}
		if (firstConnection) {
			driveAllSafe("start-up");
		}
		else if (downNanos > this.watchdogTimeout.toNanos()) {
			driveAllSafe("contact was lost for longer than the watchdog timeout (" + this.watchdogTimeout + ")");
		}
		else {
			driveUnsettledOutputsSafe();
		}
		this.unsettledOutputs.clear();
		if (this.connected) {
			scheduleConnectedTasks();
		}
	}

	private void scheduleConnectedTasks() {
		Map<Duration, List<PointConfig>> byInterval = new LinkedHashMap<>();
		for (PointConfig point : this.config.points()) {
			if (point.pollInterval() != null) {
				byInterval.computeIfAbsent(point.pollInterval(), (interval) -> new ArrayList<>()).add(point);
			}
		}
		byInterval.forEach((interval, points) -> this.connectedTasks.add(
				this.executor.scheduleWithFixedDelay(() -> poll(points), 0, interval.toNanos(), TimeUnit.NANOSECONDS)));
		long heartbeat = Math.max(1, this.watchdogTimeout.toNanos() / 3);
		this.connectedTasks
			.add(this.executor.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.NANOSECONDS));
	}

	private void cancelConnectedTasks() {
		this.connectedTasks.forEach((task) -> task.cancel(false));
		this.connectedTasks.clear();
	}

	private void poll(List<PointConfig> points) {
		for (PointConfig point : points) {
			if (!this.connected) {
				return;
			}
			try {
				Object value = readPoint(point);
				contact();
				publish(point, value);
				if (this.failingPoints.remove(point.id()) && this.failingPoints.isEmpty()) {
					setStatus(AdapterStatus.CONNECTED);
				}
			}
			catch (RuntimeException ex) {
				ioFailed(point, ex);
			}
		}
	}

	private Object readPoint(PointConfig point) {
		long start = System.nanoTime();
		try {
			return this.adapter.read(point);
		}
		finally {
			this.readLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			this.readCounter.increment();
		}
	}

	private void heartbeat() {
		if (!this.connected) {
			return;
		}
		try {
			if (this.adapter instanceof Watchdog watchdog) {
				watchdog.feed();
				contact();
			}
			else if (this.adapter.isConnected()) {
				contact();
			}
		}
		catch (RuntimeException ex) {
			this.errorCounter.increment();
			this.lastError = "Watchdog feed failed: " + ex.getMessage();
		}
		if (!this.adapter.isConnected()) {
			connectionLost("the adapter reports its connection lost");
		}
		else if (System.nanoTime() - this.lastContactNanos > this.watchdogTimeout.toNanos()) {
			connectionLost("no contact for longer than the watchdog timeout (" + this.watchdogTimeout + ")");
		}
	}

	private void ioFailed(PointConfig point, RuntimeException ex) {
		this.errorCounter.increment();
		this.lastError = point.id() + ": " + ex.getMessage();
		boolean stillConnected;
		try {
			stillConnected = this.adapter.isConnected();
		}
		catch (RuntimeException isConnectedFailed) {
			stillConnected = false;
		}
		if (!stillConnected) {
			connectionLost(this.lastError);
		}
		else {
			this.failingPoints.add(point.id());
			setStatus(AdapterStatus.DEGRADED);
			// The last value is no longer what the device says (a failed read, a bad
			// checksum): keep it, but never as GOOD
			markBad(point);
		}
	}

	private void connectionLost(String reason) {
		if (!this.connected) {
			return;
		}
		logger.warn("Adapter '" + this.config.id() + "' lost its connection: " + reason);
		this.lastError = reason;
		disconnect(reason);
		scheduleReconnect();
	}

	private void disconnect(String reason) {
		cancelConnectedTasks();
		this.connected = false;
		this.lostAtNanos = System.nanoTime();
		closeQuietly();
		setStatus(AdapterStatus.DOWN);
		markBad();
	}

	private void scheduleReconnect() {
		if (!this.running) {
			return;
		}
		if (this.status != AdapterStatus.DOWN) {
			setStatus(AdapterStatus.DOWN);
		}
		Duration delay = this.reconnectPolicy.delay(this.failedAttempts++, this.random);
		this.pendingReconnect = this.executor.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void driveUnsettledOutputsSafe() {
		for (PointConfig point : this.config.points()) {
			String reason = this.unsettledOutputs.get(point.id());
			if (reason != null) {
				driveOneSafe(point, reason);
			}
		}
	}

	private void driveAllSafe(String reason) {
		for (PointConfig point : this.config.points()) {
			if (point.writable() && this.connected) {
				driveOneSafe(point, reason);
			}
		}
	}

	private boolean driveOneSafe(PointConfig point, String reason) {
		String failure = null;
		try {
			Object safe = PointValues.safeRaw(point);
			Object readBack = writeAndReadBack(point, safe);
			if (!PointValues.sameRaw(point, safe, readBack)) {
				failure = "read back " + readBack + " instead of the safe value " + safe;
			}
		}
		catch (RuntimeException ex) {
			failure = ex.getMessage();
		}
		if (failure != null) {
			logger
				.error("Output " + point.id() + " could not be driven to its safe state (" + reason + "): " + failure);
		}
		SafeStateListener listener = this.safeStateListener;
		if (listener != null) {
			try {
				listener.drivenSafe(point, reason, failure);
			}
			catch (RuntimeException ex) {
				logger.error("Safe state of " + point.id() + " could not be recorded", ex);
			}
		}
		return failure == null;
	}

	private void publish(PointConfig point, Object raw) {
		JsonNode value;
		try {
			value = PointValues.toEngineering(point, raw);
		}
		catch (RuntimeException ex) {
			this.errorCounter.increment();
			this.lastError = point.id() + ": " + ex.getMessage();
			return;
		}
		put(point, value, Quality.GOOD);
	}

	private void markBad() {
		for (PointConfig point : this.config.points()) {
			markBad(point);
		}
	}

	private void markBad(PointConfig point) {
		JsonNode last = this.lastValues.get(point.id());
		put(point, (last != null) ? last : NullNode.getInstance(), Quality.BAD);
	}

	private void put(PointConfig point, JsonNode value, Quality quality) {
		JsonNode previous = this.lastValues.put(point.id(), value);
		Quality previousQuality = this.lastQualities.put(point.id(), quality);
		if (value.equals(previous) && quality == previousQuality) {
			return;
		}
		this.store.put(point.stateKey(), value, this.config.id(), quality)
			.subscribe(null, (ex) -> storeFailed(point, ex));
	}

	/**
	 * A reading the store refused (it is stopping, or its writer is far behind): counted
	 * as an error, and warned about at most every {@link #STORE_FAILURE_WARNING_INTERVAL}
	 * with the number of the others, because a store that refuses one reading refuses
	 * thousands a second and a log flood would only make things worse.
	 */
	private void storeFailed(PointConfig point, Throwable ex) {
		this.errorCounter.increment();
		this.lastError = point.id() + ": not stored: " + ex.getMessage();
		long now = System.nanoTime();
		long warnedAt = this.storeFailureWarnedAt.get();
		if (now - warnedAt >= STORE_FAILURE_WARNING_INTERVAL.toNanos()
				&& this.storeFailureWarnedAt.compareAndSet(warnedAt, now)) {
			long others = this.storeFailuresNotWarned.getAndSet(0);
			logger.warn("Reading of " + point.id() + " not stored: " + ex.getMessage() + ((others > 0)
					? " (and " + others + " other readings of '" + this.config.id() + "' since the last warning)"
					: ""));
		}
		else {
			this.storeFailuresNotWarned.incrementAndGet();
		}
	}

	private void contact() {
		this.lastContactNanos = System.nanoTime();
	}

	private void setStatus(AdapterStatus status) {
		if (this.status != status) {
			this.status = status;
			this.since = this.clock.instant();
		}
	}

	private void closeQuietly() {
		try {
			this.adapter.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Adapter '" + this.config.id() + "' failed to close", ex);
		}
	}

	private void assertOnSupervisorThread() {
		if (Thread.currentThread() != this.thread) {
			throw new IllegalStateException("Must run on the thread of adapter '" + this.config.id() + "'");
		}
	}

}
