package dev.library.adapters;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.library.adapters.spi.PointConfig;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code /adapters}, {@code /adapters/{id}}, {@code /adapters/{id}/reconnect},
 * {@code /devices} and {@code /devices/{id}}.
 *
 * @author Library
 */
public class AdapterHandler {

	private final AdapterRegistry registry;

	private final AdapterSupervisors supervisors;

	private final StateStore store;

	/**
	 * Create a handler.
	 * @param registry the adapter types
	 * @param supervisors the instances
	 * @param store where the points' values are read
	 */
	public AdapterHandler(AdapterRegistry registry, AdapterSupervisors supervisors, StateStore store) {
		this.registry = registry;
		this.supervisors = supervisors;
		this.store = store;
	}

	/**
	 * List the adapter types and instances.
	 * @param request the request
	 * @return the types and the instances with their status
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		List<AdapterType> types = this.registry.providers()
			.stream()
			.map((provider) -> new AdapterType(provider.type(), provider.description()))
			.toList();
		List<AdapterInstanceStatus> instances = this.supervisors.supervisors()
			.stream()
			.map(AdapterSupervisor::status)
			.toList();
		return ServerResponse.ok().bodyValue(new AdapterOverview(types, instances));
	}

	/**
	 * Describe one instance.
	 * @param request the request
	 * @return the instance's status
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		return ServerResponse.ok().bodyValue(supervisor(request).status());
	}

	/**
	 * Close an instance's connection and connect it again.
	 * @param request the request
	 * @return the status after the attempt
	 */
	public Mono<ServerResponse> reconnect(ServerRequest request) {
		AdapterSupervisor supervisor = supervisor(request);
		if (!supervisor.enabled()) {
			return Mono.error(
					new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("adapter-disabled"), "Adapter disabled",
							"Adapter instance '" + supervisor.config().id() + "' is disabled in the configuration"));
		}
		return Mono.fromFuture(supervisor::reconnect)
			.publishOn(Schedulers.parallel())
			.flatMap((status) -> ServerResponse.ok().bodyValue(status));
	}

	/**
	 * List the devices and their points, with current values.
	 * @param request the request
	 * @return the devices
	 */
	public Mono<ServerResponse> devices(ServerRequest request) {
		return Flux.fromIterable(this.supervisors.devices())
			.concatMap(this::describe)
			.collectList()
			.flatMap((devices) -> ServerResponse.ok().bodyValue(devices));
	}

	/**
	 * Describe one device, with its points' current values and quality.
	 * @param request the request
	 * @return the device
	 */
	public Mono<ServerResponse> device(ServerRequest request) {
		String id = request.pathVariable("id");
		AdapterSupervisors.Device device = this.supervisors.device(id)
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.of("device-not-found"),
					"Device not found", "No device '" + abbreviate(id) + "'; GET /devices lists them"));
		return describe(device).flatMap((description) -> ServerResponse.ok().bodyValue(description));
	}

	private Mono<DeviceDescription> describe(AdapterSupervisors.Device device) {
		return Flux.fromIterable(device.config().points())
			.concatMap((point) -> this.store.get(point.stateKey())
				.map((value) -> PointDescription.of(point, value.value(), value.quality(), value.timestamp()))
				.defaultIfEmpty(PointDescription.of(point, null, null, null)))
			.collectList()
			.map((points) -> new DeviceDescription(device.config().id(), device.config().description(),
					device.supervisor().config().id(), device.supervisor().status().status(), points));
	}

	private AdapterSupervisor supervisor(ServerRequest request) {
		String id = request.pathVariable("id");
		return this.supervisors.supervisor(id)
			.orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.of("adapter-not-found"),
					"Adapter not found", "No adapter instance '" + abbreviate(id) + "'; GET /adapters lists them"));
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

	/**
	 * An adapter type.
	 *
	 * @param type the type name
	 * @param description what it connects to
	 */
	public record AdapterType(String type, String description) {

	}

	/**
	 * What {@code GET /adapters} returns.
	 *
	 * @param types the adapter types
	 * @param instances the instances
	 */
	public record AdapterOverview(List<AdapterType> types, List<AdapterInstanceStatus> instances) {

	}

	/**
	 * A device with its points.
	 *
	 * @param id the device id
	 * @param description what it is
	 * @param adapter the id of the instance that serves it
	 * @param status the instance's status
	 * @param points the points
	 */
	public record DeviceDescription(String id, String description, String adapter, AdapterStatus status,
			List<PointDescription> points) {

	}

	/**
	 * A point with its current value.
	 *
	 * @param name the point name
	 * @param dataType its data type
	 * @param unit its unit
	 * @param minimum smallest value
	 * @param maximum largest value
	 * @param access read or read/write
	 * @param pollInterval how often it is read, absent if event-driven
	 * @param stateKey the state key of its value
	 * @param safeValue the value of an output's safe state
	 * @param value its current value, absent if never read
	 * @param quality the value's quality
	 * @param timestamp when the value was read
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record PointDescription(String name, String dataType, String unit, @Nullable Double minimum,
			@Nullable Double maximum, String access, @Nullable String pollInterval, String stateKey,
			@Nullable JsonNode safeValue, @Nullable JsonNode value, @Nullable Quality quality,
			@Nullable Instant timestamp) {

		static PointDescription of(PointConfig point, @Nullable JsonNode value, @Nullable Quality quality,
				@Nullable Instant timestamp) {
			return new PointDescription(point.name(), point.dataType().name(), point.unit(), point.minimum(),
					point.maximum(), point.access().name(),
					(point.pollInterval() != null) ? point.pollInterval().toString() : null, point.stateKey(),
					point.writable() ? PointValues.safeEngineering(point) : null, value, quality, timestamp);
		}

	}

}
