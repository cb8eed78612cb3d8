package dev.library.adapters;

import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;

/**
 * The supervisors of every configured adapter instance, and the devices and points they
 * serve. Starts and stops them together; one failing instance never stops the others. The
 * set can change while running ({@link #reconfigure}): readers always see a consistent
 * set, the one before or the one after.
 *
 * @author Library
 */
public class AdapterSupervisors {

	private volatile Members members;

	private boolean started;

	/**
	 * Create the collection.
	 * @param supervisors the supervisors, in configuration order
	 */
	public AdapterSupervisors(List<AdapterSupervisor> supervisors) {
		this.members = new Members(supervisors);
	}

	/**
	 * Return every supervisor.
	 * @return the supervisors, in configuration order
	 */
	public Collection<AdapterSupervisor> supervisors() {
		return this.members.supervisors.values();
	}

	/**
	 * Return the supervisor of an instance.
	 * @param id the instance id
	 * @return the supervisor, or empty
	 */
	public Optional<AdapterSupervisor> supervisor(String id) {
		return Optional.ofNullable(this.members.supervisors.get(id));
	}

	/**
	 * Return every device.
	 * @return the devices, in configuration order
	 */
	public Collection<Device> devices() {
		return this.members.devices.values();
	}

	/**
	 * Return a device.
	 * @param id the device id
	 * @return the device, or empty
	 */
	public Optional<Device> device(String id) {
		return Optional.ofNullable(this.members.devices.get(id));
	}

	/**
	 * Return a point by its id, {@code device.point}.
	 * @param pointId the point id
	 * @return the point, or empty
	 */
	public Optional<PointConfig> point(String pointId) {
		int dot = pointId.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		return device(pointId.substring(0, dot)).flatMap((device) -> device.point(pointId.substring(dot + 1)));
	}

	/**
	 * Start every enabled instance connecting, and wait for the first attempts.
	 * @param firstAttemptTimeout how long to wait for the first connection attempts; an
	 * instance still connecting after it goes on in the background
	 */
	public synchronized void start(Duration firstAttemptTimeout) {
		this.started = true;
		startAll(supervisors(), firstAttemptTimeout);
	}

	private static void startAll(Collection<AdapterSupervisor> supervisors, Duration firstAttemptTimeout) {
		CompletableFuture<?>[] attempts = supervisors.stream()
			.map(AdapterSupervisor::start)
			.toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(attempts).get(firstAttemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// The instances keep trying in the background, as after any failure
		}
	}

	/**
	 * Drive every output to its safe state and close every connection, instances in
	 * parallel.
	 * @param timeout how long to wait for each instance
	 */
	public synchronized void stop(Duration timeout) {
		this.started = false;
		stopAll(supervisors(), timeout, (id) -> "shutdown");
	}

	/**
	 * Replace the set of instances. The current supervisors that are not kept are stopped
	 * first (their outputs driven safe, their queued commands failed, their meters
	 * removed); then the supervisors of the other instances are created, the new set is
	 * in force, and the new supervisors start connecting if the collection is started. A
	 * kept supervisor is left alone.
	 * @param ids the instance ids of the new set, in configuration order
	 * @param keep whether a current supervisor whose id is in the new set stays as it is
	 * @param create creates the supervisor of an instance id, once the supervisor it
	 * replaces (with the same meters) is gone
	 * @param stopReason why a supervisor left out stops, by instance id; recorded with
	 * its outputs driven safe
	 * @param timeout how long each instance may take to stop, and to make its first
	 * connection attempt
	 * @return the ids of the instances stopped and of those started
	 */
	public synchronized Reconfiguration reconfigure(List<String> ids, Predicate<AdapterSupervisor> keep,
			Function<String, AdapterSupervisor> create, Function<String, String> stopReason, Duration timeout) {
		Map<String, AdapterSupervisor> current = this.members.supervisors;
		List<AdapterSupervisor> leaving = current.values()
			.stream()
			.filter((supervisor) -> !ids.contains(supervisor.config().id()) || !keep.test(supervisor))
			.toList();
		stopAll(leaving, timeout, stopReason);
		leaving.forEach(AdapterSupervisor::removeMeters);
		List<AdapterSupervisor> next = new ArrayList<>();
		List<AdapterSupervisor> joining = new ArrayList<>();
		for (String id : ids) {
			AdapterSupervisor kept = current.get(id);
			if (kept != null && !leaving.contains(kept)) {
				next.add(kept);
			}
			else {
				AdapterSupervisor created = create.apply(id);
				next.add(created);
				joining.add(created);
			}
		}
		this.members = new Members(next);
		if (this.started) {
			startAll(joining, timeout);
		}
		return new Reconfiguration(leaving.stream().map((supervisor) -> supervisor.config().id()).toList(),
				joining.stream().map((supervisor) -> supervisor.config().id()).toList());
	}

	private static void stopAll(Collection<AdapterSupervisor> supervisors, Duration timeout,
			Function<String, String> reason) {
		List<Thread> stopping = supervisors.stream()
			.map((supervisor) -> Thread.ofPlatform()
				.name("adapter-stop-" + supervisor.config().id())
				.start(() -> supervisor.stop(timeout, reason.apply(supervisor.config().id()))))
			.toList();
		for (Thread thread : stopping) {
			try {
				thread.join(timeout.plusSeconds(1).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * What a {@link #reconfigure} did.
	 *
	 * @param stopped the ids of the instances stopped
	 * @param started the ids of the instances added
	 */
	public record Reconfiguration(List<String> stopped, List<String> started) {

	}

	private static final class Members {

		private final Map<String, AdapterSupervisor> supervisors = new LinkedHashMap<>();

		private final Map<String, Device> devices = new LinkedHashMap<>();

		Members(List<AdapterSupervisor> supervisors) {
			for (AdapterSupervisor supervisor : supervisors) {
				this.supervisors.put(supervisor.config().id(), supervisor);
				for (DeviceConfig device : supervisor.config().devices()) {
					this.devices.put(device.id(), new Device(device, supervisor));
				}
			}
		}

	}

	/**
	 * A device and the supervisor of the instance that serves it.
	 *
	 * @param config the device's configuration
	 * @param supervisor the supervisor
	 */
	public record Device(DeviceConfig config, AdapterSupervisor supervisor) {

		/**
		 * Return a point of the device.
		 * @param name the point name
		 * @return the point, or empty
		 */
		public Optional<PointConfig> point(String name) {
			return this.config.points().stream().filter((point) -> point.name().equals(name)).findFirst();
		}

	}

}
