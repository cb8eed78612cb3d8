package dev.library.adapters.command;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import dev.library.adapters.AdapterStatus;
import dev.library.adapters.AdapterSupervisor;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.PointValues;
import dev.library.adapters.SafeStateListener;
import dev.library.adapters.interlock.Interlock;
import dev.library.adapters.interlock.InterlockMonitor;
import dev.library.adapters.interlock.Interlocks;
import dev.library.adapters.spi.PointConfig;
import dev.library.core.web.InvalidParameterException;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Executes commands to outputs safely: checks the value against the point's type and
 * limits, refuses a second execution of one command id, checks the output's interlocks on
 * the instance's thread right before the write (so commands to one instance are
 * serialized), writes, reads back, and records every step in the {@link CommandAuditLog}.
 * A command not confirmed within the timeout is {@code TIMED_OUT}, and is never written
 * if it had not started.
 * <p>
 * It also drives outputs to their safe state when their interlock is violated, and
 * records the outputs the supervisors drive safe on their own.
 *
 * @author Library
 */
public class CommandExecutor implements SafeStateListener, InterlockMonitor.ViolationHandler {

	/**
	 * Who sends commands of the platform's own.
	 */
	public static final String SYSTEM = "system";

	private static final Log logger = LogFactory.getLog(CommandExecutor.class);

	private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private final AdapterSupervisors supervisors;

	private volatile Interlocks interlocks;

	private final StateStore store;

	private final CommandAuditLog audit;

	private final Duration timeout;

	private final Clock clock;

	private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();

	private final Set<String> drivingSafe = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "command-timeouts");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Create an executor.
	 * @param supervisors the instances and their devices
	 * @param interlocks the interlocks checked before every write
	 * @param store where interlock inputs are read
	 * @param audit the audit trail
	 * @param timeout how long a command may take to be confirmed
	 * @param clock the clock of command timestamps
	 */
	public CommandExecutor(AdapterSupervisors supervisors, Interlocks interlocks, StateStore store,
			CommandAuditLog audit, Duration timeout, Clock clock) {
		this.supervisors = supervisors;
		this.interlocks = interlocks;
		this.store = store;
		this.audit = audit;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * Execute a command.
	 * @param device the device id
	 * @param point the point name
	 * @param value the engineering value
	 * @param commandId the client's command id, or {@code null} to generate one
	 * @param actor who sends it
	 * @return the command once it has a final status; fails with a 404 problem for an
	 * unknown device or point, 409 for an input or a command id used for another command,
	 * 400 for a value that does not fit the point
	 */
	public Mono<Command> execute(String device, String point, JsonNode value, @Nullable String commandId,
			String actor) {
		return Mono.defer(() -> {
			AdapterSupervisors.Device target = this.supervisors.device(device)
				.orElseThrow(() -> CommandProblems.deviceNotFound(device));
			PointConfig output = target.point(point).orElseThrow(() -> CommandProblems.pointNotFound(device, point));
			if (!output.writable()) {
				throw CommandProblems.readOnly(output.id());
			}
			Object raw = PointValues.toRaw(output, value);
			if (commandId != null && !COMMAND_ID.matcher(commandId).matches()) {
				throw new InvalidParameterException("commandId",
						"commandId must be 1 to 64 letters, digits, '.', '_', ':' or '-', got '"
								+ CommandProblems.abbreviate(commandId) + "'");
			}
			String id = (commandId != null) ? commandId : UUID.randomUUID().toString();
			return Mono.fromCallable(() -> begin(target.supervisor(), output, value, raw, id, actor, null))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap(Mono::fromFuture);
		});
	}

	/**
	 * Return a command of the audit trail.
	 * @param id the command id
	 * @return the command, or empty
	 */
	public Optional<Command> find(String id) {
		return this.audit.find(id);
	}

	/**
	 * Check the outputs against other interlocks from now on, after a configuration
	 * reload.
	 * @param interlocks the interlocks checked before every write
	 */
	public void setInterlocks(Interlocks interlocks) {
		this.interlocks = interlocks;
	}

	/**
	 * Stop the timers.
	 */
	public void stop() {
		this.timeouts.shutdownNow();
	}

	@Override
	public void drivenSafe(PointConfig point, String reason, @Nullable String failure) {
		Command command = new Command(UUID.randomUUID().toString(), point.device(), point.name(),
				PointValues.safeEngineering(point), SYSTEM, this.clock.instant(), CommandStatus.PENDING, reason, null,
				this.clock.instant(), null);
		this.audit.record(command.completed((failure != null) ? CommandStatus.FAILED : CommandStatus.CONFIRMED,
				(failure != null) ? reason + ": " + failure : reason, null, this.clock.instant()));
	}

	@Override
	public void violated(Interlock interlock, String reason) {
		Optional<PointConfig> found = this.supervisors.point(interlock.output());
		if (found.isEmpty()) {
			return;
		}
		PointConfig output = found.get();
		AdapterSupervisor supervisor = this.supervisors.device(output.device()).orElseThrow().supervisor();
		JsonNode safe = PointValues.safeEngineering(output);
		JsonNode current = supervisor.lastValue(output);
		if (current != null && current.isNumber() == safe.isNumber()
				&& (current.equals(safe) || (safe.isNumber() && current.doubleValue() == safe.doubleValue()))) {
			return;
		}
		AdapterStatus status = supervisor.status().status();
		// An unreachable output is retried by the monitor's periodic re-check once it is
		// back
		if (status == AdapterStatus.DISABLED || status == AdapterStatus.DOWN || !this.drivingSafe.add(output.id())) {
			return;
		}
		// Called from the store's watch: the audit trail and the write must not block it
		Schedulers.boundedElastic().schedule(() -> {
			try {
				begin(supervisor, output, safe, PointValues.safeRaw(output), UUID.randomUUID().toString(),
						"interlock:" + interlock.id(), reason)
					.whenComplete((command, ex) -> this.drivingSafe.remove(output.id()));
			}
			catch (RuntimeException ex) {
				this.drivingSafe.remove(output.id());
				logger.error("Output " + output.id() + " could not be driven safe after: " + reason, ex);
			}
		});
	}

	private CompletableFuture<Command> begin(AdapterSupervisor supervisor, PointConfig point, JsonNode value,
			Object raw, String id, String actor, @Nullable String reason) {
		Pending pending;
		synchronized (this.inFlight) {
			Pending running = this.inFlight.get(id);
			Command existing = (running != null) ? running.command.get() : this.audit.find(id).orElse(null);
			if (existing != null) {
				if (!existing.sameWrite(point.device(), point.name(), value)) {
					throw CommandProblems.idReused(existing);
				}
				return (running != null) ? running.done : CompletableFuture.completedFuture(existing);
			}
			pending = new Pending(new Command(id, point.device(), point.name(), value, actor, this.clock.instant(),
					CommandStatus.PENDING, reason, null, null, null));
			this.audit.record(pending.command.get());
			this.inFlight.put(id, pending);
		}
		if (!supervisor.enabled()) {
			pending.finish(CommandStatus.REJECTED, "Adapter instance '" + supervisor.config().id() + "' is disabled",
					null);
			return pending.done;
		}
		ScheduledFuture<?> timeout = this.timeouts.schedule(() -> pending.finish(CommandStatus.TIMED_OUT,
				"Not confirmed by the adapter within " + this.timeout, null), this.timeout.toMillis(),
				TimeUnit.MILLISECONDS);
		// a command that ended in time needs no timeout (nor a warning from it)
		pending.done.whenComplete((command, ex) -> timeout.cancel(false));
		supervisor.submit(() -> {
			write(supervisor, point, raw, pending);
			return null;
		}).whenComplete((ignored, ex) -> {
			if (ex != null) {
				pending.finish(CommandStatus.FAILED, String.valueOf(ex.getMessage()), null);
			}
		});
		return pending.done;
	}

	private void write(AdapterSupervisor supervisor, PointConfig point, Object raw, Pending pending) {
		Command started = pending.command
			.updateAndGet((command) -> command.status().isFinal() ? command : command.started(this.clock.instant()));
		if (started.status().isFinal()) {
			// Timed out while queued: a stale command is never written
			return;
		}
		if (!PointValues.sameRaw(point, PointValues.safeRaw(point), raw)) {
			Interlocks interlocks = this.interlocks;
			String violation = interlocks.violation(point.id(), currentValues(interlocks, point));
			if (violation != null) {
				pending.finish(CommandStatus.REJECTED, violation, null);
				return;
			}
		}
		try {
			Object readBack = supervisor.writeAndReadBack(point, raw);
			JsonNode readBackValue = PointValues.toEngineering(point, readBack);
			if (PointValues.sameRaw(point, raw, readBack)) {
				pending.finish(CommandStatus.CONFIRMED, null, readBackValue);
			}
			else {
				pending.finish(CommandStatus.FAILED, "Read back " + readBackValue + " after writing " + started.value()
						+ ": the device did not take the value", readBackValue);
				driveSafeAfterFailure(supervisor, point, started, "read back " + readBackValue);
			}
		}
		catch (RuntimeException ex) {
			pending.finish(CommandStatus.FAILED, "Write failed: " + ex.getMessage(), null);
			driveSafeAfterFailure(supervisor, point, started, "write failed: " + ex.getMessage());
		}
	}

	/**
	 * After a failed write nobody knows what the output does: the device may have taken
	 * part of the command, another value, or nothing. It goes to its safe state, as a
	 * discrepancy between command and feedback does in a PLC. Runs on the supervisor's
	 * thread, before the next queued command; with the connection lost, on the next
	 * connection.
	 */
	private void driveSafeAfterFailure(AdapterSupervisor supervisor, PointConfig point, Command failed,
			String failure) {
		supervisor.driveSafeWhenConnected(point, "command " + failed.id() + " failed (" + failure + ")");
	}

	private java.util.function.Function<String, @Nullable StateValue> currentValues(Interlocks interlocks,
			PointConfig point) {
		Map<String, StateValue> values = new HashMap<>();
		for (String key : interlocks.inputsOf(point.id())) {
			StateValue value = this.store.get(key).block(Duration.ofSeconds(5));
			if (value != null) {
				values.put(key, value);
			}
		}
		return values::get;
	}

	private final class Pending {

		private final AtomicReference<Command> command;

		private final CompletableFuture<Command> done = new CompletableFuture<>();

		Pending(Command command) {
			this.command = new AtomicReference<>(command);
		}

		void finish(CommandStatus status, @Nullable String reason, @Nullable JsonNode readBack) {
			Command current = this.command.get();
			while (!current.status().isFinal()) {
				Command completed = current.completed(status, reason, readBack, CommandExecutor.this.clock.instant());
				if (this.command.compareAndSet(current, completed)) {
					try {
						CommandExecutor.this.audit.record(completed);
					}
					catch (RuntimeException ex) {
						logger.error("Command " + completed.id() + " ended " + status + " but the audit trail failed",
								ex);
					}
					finally {
						CommandExecutor.this.inFlight.remove(completed.id());
						this.done.complete(completed);
					}
					return;
				}
				current = this.command.get();
			}
			if (status != current.status()) {
				logger.warn("Command " + current.id() + " ended " + status + " after it was " + current.status()
						+ (reason != null ? ": " + reason : ""));
			}
		}

	}

}
