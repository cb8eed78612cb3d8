package dev.library.hap;

import java.time.Duration;
import java.util.Optional;

import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.command.Command;
import dev.library.adapters.command.CommandExecutor;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.web.ErrorResponseException;

/**
 * Sends the writes of HomeKit controllers to outputs through the platform's
 * {@link CommandExecutor}: the same validation, interlocks, serialized write, read-back
 * and audit as {@code POST /devices/{id}/points/{point}}, with actor
 * {@code hap:<controller>}. Maps each command's outcome to a HAP status.
 *
 * @author Library
 */
final class PointCommands {

	private static final Log logger = LogFactory.getLog(PointCommands.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final CommandExecutor executor;

	private final AdapterSupervisors supervisors;

	private final Duration timeout;

	private final MeterRegistry meters;

	PointCommands(CommandExecutor executor, AdapterSupervisors supervisors, Duration timeout, MeterRegistry meters) {
		this.executor = executor;
		this.supervisors = supervisors;
		this.timeout = timeout;
		this.meters = meters;
	}

	Optional<PointConfig> point(String device, String point) {
		return this.supervisors.device(device).flatMap((found) -> found.point(point));
	}

	/**
	 * Return the status of the adapter instance a device belongs to.
	 * @param device the device id
	 * @return the status, or {@code null} if no running instance has the device
	 */
	dev.library.adapters.@Nullable AdapterStatus instanceStatus(String device) {
		return this.supervisors.device(device).map((found) -> found.supervisor().status().status()).orElse(null);
	}

	/**
	 * Switch an output on or off: true or false for a boolean point, its maximum (or 1)
	 * or minimum (or 0) for a numeric one.
	 * @param device the device id
	 * @param point the point name
	 * @param on whether to switch it on
	 * @param actor who sends it
	 * @return the HAP status of the write
	 */
	HapStatus switchTo(String device, String point, boolean on, String actor) {
		Optional<PointConfig> config = point(device, point);
		if (config.isEmpty()) {
			return count(HapStatus.NOT_FOUND);
		}
		return write(device, point, onOffValue(config.get(), on), actor);
	}

	HapStatus write(String device, String point, JsonNode value, String actor) {
		HapStatus status;
		try {
			Command command = this.executor.execute(device, point, value, null, actor).block(this.timeout);
			status = (command == null) ? HapStatus.TIMED_OUT : switch (command.status()) {
				case CONFIRMED -> HapStatus.SUCCESS;
				case REJECTED -> HapStatus.NOT_ALLOWED_IN_CURRENT_STATE;
				case TIMED_OUT, PENDING -> HapStatus.TIMED_OUT;
				case FAILED -> HapStatus.COMMUNICATION_FAILURE;
			};
			if (status != HapStatus.SUCCESS) {
				logger.info("HomeKit write of " + value + " to " + device + "." + point + " by " + actor + " ended "
						+ command.status() + ": " + command.reason());
			}
		}
		catch (ErrorResponseException ex) {
			status = switch (ex.getStatusCode().value()) {
				case 400 -> HapStatus.INVALID_VALUE;
				case 404 -> HapStatus.NOT_FOUND;
				case 409 -> HapStatus.READ_ONLY;
				default -> HapStatus.COMMUNICATION_FAILURE;
			};
			logger.info("HomeKit write of " + value + " to " + device + "." + point + " by " + actor + " refused: "
					+ ex.getBody().getDetail());
		}
		catch (RuntimeException ex) {
			status = HapStatus.TIMED_OUT;
			logger.warn("HomeKit write of " + value + " to " + device + "." + point + " by " + actor
					+ " not confirmed within " + this.timeout, ex);
		}
		return count(status);
	}

	private HapStatus count(HapStatus status) {
		Counter.builder("library.hap.writes")
			.description("Writes from HomeKit controllers, by outcome")
			.baseUnit("writes")
			.tag("outcome", status.name().toLowerCase())
			.register(this.meters)
			.increment();
		return status;
	}

	static JsonNode onOffValue(PointConfig point, boolean on) {
		if (point.dataType() == DataType.BOOLEAN) {
			return nodes.booleanNode(on);
		}
		if (on) {
			return numeric(point, (point.maximum() != null) ? point.maximum() : 1);
		}
		return numeric(point, (point.minimum() != null) ? point.minimum() : 0);
	}

	private static JsonNode numeric(PointConfig point, double value) {
		return (point.dataType() == DataType.INTEGER) ? nodes.numberNode(Math.round(value)) : nodes.numberNode(value);
	}

	/**
	 * Return whether a value means "on": true, or a number above the point's minimum (or
	 * 0).
	 * @param point the point, or {@code null} for a bare state key
	 * @param value the value
	 * @return whether it is on
	 */
	static boolean isOn(@Nullable PointConfig point, @Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return false;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isNumber()) {
			double off = (point != null && point.minimum() != null) ? point.minimum() : 0;
			return value.doubleValue() > off;
		}
		return "true".equalsIgnoreCase(value.asString()) || "on".equalsIgnoreCase(value.asString());
	}

}
