package dev.library.core.component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the lifecycle of the enabled components: starts them in dependency order and stops
 * them in reverse order, each within a bounded time, on a dedicated thread.
 *
 * @author Library
 */
public class ComponentLifecycleManager implements ComponentRegistry, SmartLifecycle {

	/**
	 * Components start before the web server accepts requests and stop after it has
	 * stopped.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(ComponentLifecycleManager.class);

	private final Map<String, LibraryComponent> components;

	private final ComponentGraph graph;

	private final List<ComponentLifecycleHook> hooks;

	private final ComponentStartPolicy policy;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<String, ComponentStatus> statuses = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile boolean running;

	/**
	 * Create a new manager.
	 * @param components the enabled components
	 * @param disabledOptional names of optional components that exist but are disabled
	 * @param hooks the lifecycle hooks
	 * @param policy timeouts and fail-fast settings
	 * @param events where state changes are published
	 * @param clock the clock
	 * @throws ComponentDependencyException if dependencies cannot be satisfied
	 */
	public ComponentLifecycleManager(List<LibraryComponent> components, Set<String> disabledOptional,
			List<ComponentLifecycleHook> hooks, ComponentStartPolicy policy, ApplicationEventPublisher events,
			Clock clock) {
		this.graph = ComponentGraph.of(components.stream().map(LibraryComponent::descriptor).toList(),
				disabledOptional);
		Map<String, LibraryComponent> byName = new LinkedHashMap<>();
		components.forEach((component) -> byName.put(component.name(), component));
		this.components = byName;
		this.hooks = List.copyOf(hooks);
		this.policy = policy;
		this.events = events;
		this.clock = clock;
		Instant now = clock.instant();
		for (ComponentDescriptor descriptor : this.graph.startOrder()) {
			this.statuses.put(descriptor.name(),
					new ComponentStatus(descriptor, ComponentState.STARTING, now, null, null));
		}
	}

	@Override
	public void start() {
		for (ComponentDescriptor descriptor : this.graph.startOrder()) {
			start(descriptor);
		}
		this.running = true;
	}

	private void start(ComponentDescriptor descriptor) {
		LibraryComponent component = this.components.get(descriptor.name());
		Duration timeout = this.policy.startTimeout(descriptor.name());
		long startedAt = System.nanoTime();
		try {
			run("library-component-start-" + descriptor.name(), timeout, () -> {
				this.hooks.forEach((hook) -> hook.beforeStart(descriptor));
				component.start();
			});
			Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
			update(descriptor.name(), (status) -> status.withStartDuration(took)
				.withState(ComponentState.RUNNING, this.clock.instant(), null));
		}
		catch (Exception ex) {
			String reason = describe(ex, timeout);
			if (descriptor.optional() && !this.policy.failFast(descriptor.name())) {
				logger.warn(
						"Optional component '" + descriptor.name() + "' failed to start and runs degraded: " + reason);
				update(descriptor.name(),
						(status) -> status.withStartDuration(Duration.ofNanos(System.nanoTime() - startedAt))
							.withState(ComponentState.DEGRADED, this.clock.instant(), "Failed to start: " + reason));
			}
			else {
				update(descriptor.name(), (status) -> status.withState(ComponentState.FAILED, this.clock.instant(),
						"Failed to start: " + reason));
				stopStarted();
				throw new ComponentStartException(descriptor.name(),
						"Component '" + descriptor.name() + "' failed to start: " + reason, rootCause(ex));
			}
		}
		ComponentStatus status = this.statuses.get(descriptor.name());
		this.hooks.forEach((hook) -> runHook("after-start", descriptor, () -> hook.afterStart(status)));
	}

	@Override
	public void stop() {
		stopStarted();
		this.running = false;
	}

	/**
	 * Stop, in reverse start order, every component that is running or degraded.
	 */
	private void stopStarted() {
		List<ComponentDescriptor> reverse = new ArrayList<>(this.graph.startOrder());
		Collections.reverse(reverse);
		for (ComponentDescriptor descriptor : reverse) {
			ComponentState state = this.statuses.get(descriptor.name()).state();
			if (state != ComponentState.RUNNING && state != ComponentState.DEGRADED) {
				continue;
			}
			stop(descriptor);
		}
	}

	private void stop(ComponentDescriptor descriptor) {
		update(descriptor.name(), (status) -> status.withState(ComponentState.STOPPING, this.clock.instant(), null));
		Duration timeout = this.policy.stopTimeout();
		try {
			run("library-component-stop-" + descriptor.name(), timeout, () -> {
				this.hooks.forEach((hook) -> runHook("before-stop", descriptor, () -> hook.beforeStop(descriptor)));
				this.components.get(descriptor.name()).stop();
			});
			update(descriptor.name(), (status) -> status.withState(ComponentState.STOPPED, this.clock.instant(), null));
		}
		catch (Exception ex) {
			String reason = describe(ex, timeout);
			logger.warn("Component '" + descriptor.name() + "' failed to stop cleanly: " + reason);
			update(descriptor.name(), (status) -> status.withState(ComponentState.FAILED, this.clock.instant(),
					"Failed to stop: " + reason));
		}
	}

	/**
	 * Run an after-start or before-stop hook. Its failure is logged and changes nothing:
	 * a component must still stop (and drive its outputs to their safe state) when a hook
	 * fails.
	 */
	private static void runHook(String kind, ComponentDescriptor descriptor, Runnable hook) {
		try {
			hook.run();
		}
		catch (RuntimeException ex) {
			logger.warn("A " + kind + " hook of component '" + descriptor.name() + "' failed", ex);
		}
	}

	/**
	 * Run one step on a thread of its own, so that a step that overran its timeout and
	 * ignores the interrupt cannot hold up the steps after it.
	 */
	private static void run(String threadName, Duration timeout, LifecycleStep step) throws Exception {
		ExecutorService executor = lifecycleExecutor(threadName);
		try {
			Future<?> future = executor.submit(() -> {
				step.run();
				return null;
			});
			try {
				future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				future.cancel(true);
				throw ex;
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof Exception cause) ? cause : ex;
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ExecutorService lifecycleExecutor(String name) {
		return Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	private static String describe(Exception ex, Duration timeout) {
		if (ex instanceof TimeoutException) {
			return "did not finish within " + timeout.toMillis() + " ms";
		}
		Throwable root = rootCause(ex);
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public List<ComponentStatus> components() {
		synchronized (this.statuses) {
			return List.copyOf(this.statuses.values());
		}
	}

	@Override
	public Optional<ComponentStatus> component(String name) {
		return Optional.ofNullable(this.statuses.get(name));
	}

	@Override
	public List<String> dependents(String name) {
		return this.graph.dependents(name);
	}

	@Override
	public void reportDegraded(String name, String reason) {
		transition(name, ComponentState.RUNNING, ComponentState.DEGRADED, reason);
	}

	@Override
	public void reportRecovered(String name) {
		transition(name, ComponentState.DEGRADED, ComponentState.RUNNING, null);
	}

	private void transition(String name, ComponentState from, ComponentState to, String reason) {
		if (!this.statuses.containsKey(name)) {
			throw new IllegalArgumentException("No component named '" + name + "' is enabled");
		}
		update(name,
				(status) -> (status.state() == from || status.state() == to)
						? status.withState(to, (status.state() == to) ? status.since() : this.clock.instant(), reason)
						: status);
	}

	private void update(String name, Function<ComponentStatus, ComponentStatus> change) {
		ComponentStatus previous;
		ComponentStatus current;
		synchronized (this.statuses) {
			previous = this.statuses.get(name);
			current = change.apply(previous);
			this.statuses.put(name, current);
		}
		if (!current.equals(previous)) {
			this.events.publishEvent(new ComponentStateChangedEvent(this, previous, current));
		}
	}

	@FunctionalInterface
	private interface LifecycleStep {

		void run() throws Exception;

	}

}
