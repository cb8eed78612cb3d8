package dev.library.canbus;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.canbus.CanbusAdapter.BusStatistics;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * Health of the CAN buses: {@code UP} when every connected bus receives and every message
 * is live, {@code DEGRADED} when messages are missing or their last frame failed its
 * counter or checksum check, {@code DOWN} when a bus lost its transport or its controller
 * is bus-off. Details per bus: frames, error frames, decode errors, missing and failing
 * messages, controller state.
 *
 * @author Library
 */
public class CanbusHealthIndicator implements ReactiveHealthIndicator {

	/**
	 * Status of a bus whose messages are missing.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final CanbusRegistry registry;

	/**
	 * Create the indicator.
	 * @param registry the connected buses
	 */
	public CanbusHealthIndicator(CanbusRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(this::check);
	}

	private Health check() {
		Status status = Status.UP;
		Map<String, Object> buses = new LinkedHashMap<>();
		for (CanbusAdapter bus : this.registry.buses()) {
			BusStatistics statistics = bus.statistics();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("interface", statistics.interfaceName());
			details.put("transport", statistics.transport());
			details.put("frames", statistics.frames());
			details.put("errorFrames", statistics.errorFrames());
			details.put("decodeErrors", statistics.decodeErrors());
			details.put("staleMessages", statistics.staleMessages());
			details.put("failingMessages", statistics.failingMessages());
			details.put("controllerState", statistics.controllerState());
			if (statistics.lastError() != null) {
				details.put("lastError", statistics.lastError());
			}
			buses.put(statistics.adapter(), details);
			if (!statistics.connected() || statistics.controllerState() == ControllerState.BUS_OFF) {
				status = Status.DOWN;
			}
			else if ((statistics.staleMessages() > 0 || statistics.failingMessages() > 0) && status == Status.UP) {
				status = DEGRADED;
			}
		}
		return Health.status(status).withDetail("buses", buses).build();
	}

}
