package dev.library.canbus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The meters of one bus, tagged with the adapter instance and the interface.
 *
 * @author Library
 */
final class CanbusMetrics {

	final Counter frames;

	final Counter errorFrames;

	final Counter decodeErrors;

	final Counter unknownFrames;

	final Counter livenessViolations;

	final Counter counterErrors;

	final Counter checksumErrors;

	final Counter transfersDelivered;

	final Counter transfersDropped;

	final Counter framesSent;

	final Counter busOffs;

	CanbusMetrics(MeterRegistry registry, String instance, String interfaceName, CanbusAdapter bus) {
		Tags tags = Tags.of("adapter", instance, "interface", interfaceName);
		this.frames = Counter.builder("library.canbus.frames")
			.description("Frames received")
			.baseUnit("frames")
			.tags(tags)
			.register(registry);
		this.errorFrames = Counter.builder("library.canbus.error.frames")
			.description("Error frames received")
			.baseUnit("frames")
			.tags(tags)
			.register(registry);
		this.decodeErrors = Counter.builder("library.canbus.decode.errors")
			.description("Frames of a known message that could not be decoded whole (wrong length)")
			.baseUnit("frames")
			.tags(tags)
			.register(registry);
		this.unknownFrames = Counter.builder("library.canbus.unknown.frames")
			.description("Frames whose id no loaded DBC database defines")
			.baseUnit("frames")
			.tags(tags)
			.register(registry);
		String violations = "Liveness violations: a message missing for longer than its allowed multiple of its"
				+ " cycle time, a rolling counter that repeats or skips, a checksum that fails";
		this.livenessViolations = Counter.builder("library.canbus.liveness.violations")
			.description(violations)
			.baseUnit("violations")
			.tags(tags)
			.tag("kind", "missing")
			.register(registry);
		this.counterErrors = Counter.builder("library.canbus.liveness.violations")
			.description(violations)
			.baseUnit("violations")
			.tags(tags)
			.tag("kind", "counter")
			.register(registry);
		this.checksumErrors = Counter.builder("library.canbus.liveness.violations")
			.description(violations)
			.baseUnit("violations")
			.tags(tags)
			.tag("kind", "checksum")
			.register(registry);
		this.transfersDelivered = Counter.builder("library.canbus.j1939.transfers")
			.description("J1939 transport protocol transfers (BAM, RTS/CTS) reassembled or dropped")
			.baseUnit("transfers")
			.tags(tags)
			.tag("outcome", "delivered")
			.register(registry);
		this.transfersDropped = Counter.builder("library.canbus.j1939.transfers")
			.description("J1939 transport protocol transfers (BAM, RTS/CTS) reassembled or dropped")
			.baseUnit("transfers")
			.tags(tags)
			.tag("outcome", "dropped")
			.register(registry);
		this.framesSent = Counter.builder("library.canbus.frames.sent")
			.description("Frames sent")
			.baseUnit("frames")
			.tags(tags)
			.register(registry);
		this.busOffs = Counter.builder("library.canbus.bus.off")
			.description("Times the controller went bus-off")
			.baseUnit("events")
			.tags(tags)
			.register(registry);
		Gauge.builder("library.canbus.messages.stale", bus, CanbusAdapter::staleMessages)
			.description("Messages missing now for longer than their allowed multiple of their cycle time")
			.baseUnit("messages")
			.tags(tags)
			.register(registry);
	}

	static CanbusMetrics unregistered(String instance, String interfaceName, CanbusAdapter bus) {
		return new CanbusMetrics(new SimpleMeterRegistry(), instance, interfaceName, bus);
	}

}
