package dev.library.adapters;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;

/**
 * The supervisors of every configured adapter instance, and the devices and points they
 * serve. Starts and stops them together; one failing instance never stops the others.
 *
 * @author Library
 */
public class AdapterSupervisors {

	private final Map<String, AdapterSupervisor> supervisors = new LinkedHashMap<>();

	private final Map<String, Device> devices = new LinkedHashMap<>();

	/**
	 * Create the collection.
	 * @param supervisors the supervisors, in configuration order
	 */
	public AdapterSupervisors(List<AdapterSupervisor> supervisors) {
		for (AdapterSupervisor supervisor : supervisors) {
			this.supervisors.put(supervisor.config().id(), supervisor);
			for (DeviceConfig device : supervisor.config().devices()) {
				this.devices.put(device.id(), new Device(device, supervisor));
			}
		}
	}

	/**
	 * Return every supervisor.
	 * @return the supervisors, in configuration order
	 */
	public Collection<AdapterSupervisor> supervisors() {
		return this.supervisors.values();
	}

	/**
	 * Return the supervisor of an instance.
	 * @param id the instance id
	 * @return the supervisor, or empty
	 */
	public Optional<AdapterSupervisor> supervisor(String id) {
		return Optional.ofNullable(this.supervisors.get(id));
	}

	/**
	 * Return every device.
	 * @return the devices, in configuration order
	 */
	public Collection<Device> devices() {
		return this.devices.values();
	}

	/**
	 * Return a device.
	 * @param id the device id
	 * @return the device, or empty
	 */
	public Optional<Device> device(String id) {
		return Optional.ofNullable(this.devices.get(id));
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
	public void start(Duration firstAttemptTimeout) {
		CompletableFuture<?>[] attempts = this.supervisors.values()
			.stream()
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
	public void stop(Duration timeout) {
		List<Thread> stopping = this.supervisors.values()
			.stream()
			.map((supervisor) -> Thread.ofPlatform()
				.name("adapter-stop-" + supervisor.config().id())
				.start(() -> supervisor.stop(timeout)))
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
