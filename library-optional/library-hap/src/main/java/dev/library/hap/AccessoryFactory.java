package dev.library.hap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.library.adapters.AdapterStatus;
import dev.library.adapters.spi.PointConfig;
import dev.library.hap.HapCharacteristic.Format;
import dev.library.state.Quality;
import dev.library.state.StateValue;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Makes the HomeKit accessory of an {@link AccessoryDefinition}: its service and
 * characteristics (in a fixed order, so fixed iids), reading from {@link SourceValues}
 * and writing through {@link PointCommands}, and pushing an event to subscribed
 * controllers whenever its source changes.
 *
 * @author Library
 */
final class AccessoryFactory {

	/**
	 * Actor of the commands the bridge sends on its own (a valve's duration running out).
	 */
	static final String TIMER_ACTOR = "hap:timer";

	private static final int MAX_DURATION = 3600;

	private static final Duration SHOWN_TIMEOUT = Duration.ofSeconds(2);

	private final SourceValues values;

	private final PointCommands commands;

	private final ScheduledExecutorService timers;

	private final Counter events;

	private final Clock clock;

	AccessoryFactory(SourceValues values, PointCommands commands, ScheduledExecutorService timers, Counter events,
			Clock clock) {
		this.values = values;
		this.commands = commands;
		this.timers = timers;
		this.events = events;
		this.clock = clock;
	}

	HapAccessory create(AccessoryDefinition definition) {
		AccessoryDefinition.Source source = definition.source();
		List<Runnable> releases = new ArrayList<>();
		// Looked up at each use: a configuration reload may replace the device's instance
		Supplier<@Nullable PointConfig> point = () -> (source.device() != null && source.point() != null)
				? this.commands.point(source.device(), source.point()).orElse(null) : null;
		Supplier<@Nullable JsonNode> value = () -> {
			StateValue current = (source.stateKey() != null) ? this.values.value(source.stateKey()) : null;
			return (current != null) ? current.value() : null;
		};
		Supplier<Boolean> on = () -> {
			if (source.alarm() != null) {
				return Boolean.TRUE.equals(this.values.alarmActive(source.alarm()));
			}
			return PointCommands.isOn(point.get(), value.get());
		};
		// A fault while the value cannot be trusted: missing or not GOOD, or its device's
		// adapter instance not fully connected (down, degraded, disabled, gone); an alarm
		// the alarm engine does not know
		Supplier<Object> fault = () -> {
			if (source.alarm() != null) {
				return (this.values.alarmActive(source.alarm()) != null) ? 0 : 1;
			}
			if (source.device() != null && this.commands.instanceStatus(source.device()) != AdapterStatus.CONNECTED) {
				return 1;
			}
			StateValue current = (source.stateKey() != null) ? this.values.value(source.stateKey()) : null;
			return (current != null && current.quality() == Quality.GOOD) ? 0 : 1;
		};
		HapCharacteristic statusFault = HapCharacteristic.readOnly("77", Format.UINT8, fault,
				HapCharacteristic.validValues(0, 1));
		HapService service = switch (definition.type()) {
			case SWITCH -> new HapService("49", List.of(onCharacteristic(definition, on)));
			case OUTLET -> new HapService("47",
					List.of(onCharacteristic(definition, on), HapCharacteristic.readOnly("26", Format.BOOL, on::get)));
			case VALVE -> valve(definition, on, statusFault, releases);
			case TEMPERATURE_SENSOR -> new HapService("8A",
					List.of(HapCharacteristic.readOnly("11", Format.FLOAT, () -> number(value.get(), -270, 100),
							HapCharacteristic.range(-270, 100, 0.1, "celsius")), statusFault));
			case HUMIDITY_SENSOR -> new HapService("82", List.of(HapCharacteristic.readOnly("10", Format.FLOAT,
					() -> number(value.get(), 0, 100), HapCharacteristic.range(0, 100, 1, "percentage")), statusFault));
			case LEAK_SENSOR -> new HapService("83", List.of(HapCharacteristic.readOnly("70", Format.UINT8,
					() -> on.get() ? 1 : 0, HapCharacteristic.validValues(0, 1)), statusFault));
			// 0 is "contact detected" (closed), 1 "not detected" (open)
			case CONTACT_SENSOR -> new HapService("80", List.of(HapCharacteristic.readOnly("6A", Format.UINT8,
					() -> on.get() ? 1 : 0, HapCharacteristic.validValues(0, 1)), statusFault));
			case OCCUPANCY_SENSOR -> new HapService("86", List.of(HapCharacteristic.readOnly("71", Format.UINT8,
					() -> on.get() ? 1 : 0, HapCharacteristic.validValues(0, 1)), statusFault));
			case CARBON_DIOXIDE_SENSOR -> new HapService("97",
					List.of(HapCharacteristic.readOnly("92", Format.UINT8,
							() -> carbonDioxideAbnormal(definition, value.get()), HapCharacteristic.validValues(0, 1)),
							HapCharacteristic.readOnly("93", Format.FLOAT, () -> number(value.get(), 0, 100000),
									HapCharacteristic.range(0, 100000, 1, null)),
							statusFault));
		};
		Runnable changed = () -> {
			for (HapCharacteristic characteristic : service.hapCharacteristics()) {
				if (characteristic.changed()) {
					this.events.increment();
				}
			}
		};
		if (source.alarm() != null) {
			releases.add(this.values.onChange(SourceValues.ALARM + source.alarm(), changed));
		}
		else if (source.stateKey() != null) {
			releases.add(this.values.onChange(source.stateKey(), changed));
		}
		Runnable checkFault = () -> {
		};
		if (service.hapCharacteristics().contains(statusFault)) {
			AtomicReference<Object> lastFault = new AtomicReference<>(fault.get());
			checkFault = () -> {
				Object now = fault.get();
				if (!now.equals(lastFault.getAndSet(now)) && statusFault.changed()) {
					this.events.increment();
				}
			};
		}
		return new HapAccessory(definition, service, checkFault, () -> releases.forEach(Runnable::run));
	}

	private HapCharacteristic onCharacteristic(AccessoryDefinition definition, Supplier<Boolean> on) {
		AccessoryDefinition.Source source = definition.source();
		return HapCharacteristic.writable("25", Format.BOOL, on::get, (requested) -> {
			boolean wanted = (Boolean) requested;
			HapStatus status = this.commands.switchTo(String.valueOf(source.device()), String.valueOf(source.point()),
					wanted, "hap:" + ControllerRequest.controller());
			if (status == HapStatus.SUCCESS) {
				awaitShown(() -> on.get() == wanted);
			}
			return status;
		}, null);
	}

	// A confirmed value reaches the state store, then the bridge, a moment after the
	// command: answer the write once the accessory shows it, so that a read right after
	// it is true
	private static void awaitShown(Supplier<Boolean> shown) {
		long deadline = System.nanoTime() + SHOWN_TIMEOUT.toNanos();
		while (!shown.get() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private HapService valve(AccessoryDefinition definition, Supplier<Boolean> on, HapCharacteristic statusFault,
			List<Runnable> releases) {
		AccessoryDefinition.Source source = definition.source();
		String device = String.valueOf(source.device());
		String point = String.valueOf(source.point());
		ValveTimer timer = new ValveTimer(device, point,
				(int) Math.min(MAX_DURATION, definition.valveDuration().toSeconds()));
		HapCharacteristic active = HapCharacteristic.writable("B0", Format.UINT8, () -> on.get() ? 1 : 0,
				(requested) -> {
					boolean open = ((Integer) requested) != 0;
					HapStatus status = this.commands.switchTo(device, point, open,
							"hap:" + ControllerRequest.controller());
					if (status == HapStatus.SUCCESS) {
						awaitShown(() -> on.get() == open);
						timer.opened(open);
					}
					return status;
				}, HapCharacteristic.validValues(0, 1));
		HapCharacteristic inUse = HapCharacteristic.readOnly("D2", Format.UINT8, () -> on.get() ? 1 : 0,
				HapCharacteristic.validValues(0, 1));
		HapCharacteristic valveType = HapCharacteristic.readOnly("D5", Format.UINT8,
				() -> definition.valveType().code(), HapCharacteristic.validValues(0, 1, 2, 3));
		HapCharacteristic setDuration = HapCharacteristic.writable("D3", Format.UINT32, timer.duration::get,
				(requested) -> {
					int seconds = (Integer) requested;
					if (seconds < 0 || seconds > MAX_DURATION) {
						return HapStatus.INVALID_VALUE;
					}
					timer.duration.set(seconds);
					return HapStatus.SUCCESS;
				}, HapCharacteristic.range(0, MAX_DURATION, 1, "seconds"));
		HapCharacteristic remaining = HapCharacteristic.readOnly("D4", Format.UINT32,
				() -> on.get() ? timer.remaining() : 0, HapCharacteristic.range(0, MAX_DURATION, 1, "seconds"));
		releases.add(this.values.onChange(String.valueOf(source.stateKey()), () -> {
			if (!on.get()) {
				timer.opened(false);
			}
		}));
		// A pending close is kept when the accessory is removed or remade by a reload:
		// the
		// valve that was opened for a duration still closes when it runs out
		List<HapCharacteristic> characteristics = new ArrayList<>(
				List.of(active, inUse, valveType, setDuration, remaining, statusFault));
		return new HapService("D0", characteristics);
	}

	private static Object number(@Nullable JsonNode value, double min, double max) {
		double number = (value != null && value.isNumber()) ? value.doubleValue() : 0;
		return Math.max(min, Math.min(max, number));
	}

	private static Object carbonDioxideAbnormal(AccessoryDefinition definition, @Nullable JsonNode value) {
		if (value != null && value.isBoolean()) {
			return value.booleanValue() ? 1 : 0;
		}
		return (value != null && value.isNumber() && value.doubleValue() >= definition.carbonDioxideLimit()) ? 1 : 0;
	}

	/**
	 * Closes a valve once its duration has run out, as HomeKit's irrigation valves
	 * expect.
	 */
	private final class ValveTimer {

		private final String device;

		private final String point;

		final AtomicInteger duration;

		private volatile @Nullable Instant closesAt;

		private @Nullable ScheduledFuture<?> closing;

		ValveTimer(String device, String point, int duration) {
			this.device = device;
			this.point = point;
			this.duration = new AtomicInteger(duration);
		}

		synchronized void opened(boolean open) {
			if (this.closing != null) {
				this.closing.cancel(false);
				this.closing = null;
				this.closesAt = null;
			}
			int seconds = this.duration.get();
			if (open && seconds > 0) {
				this.closesAt = AccessoryFactory.this.clock.instant().plusSeconds(seconds);
				this.closing = AccessoryFactory.this.timers.schedule(
						() -> AccessoryFactory.this.commands.switchTo(this.device, this.point, false, TIMER_ACTOR),
						seconds, TimeUnit.SECONDS);
			}
		}

		int remaining() {
			Instant closesAt = this.closesAt;
			if (closesAt == null) {
				return 0;
			}
			long left = Duration.between(AccessoryFactory.this.clock.instant(), closesAt).toSeconds();
			return (int) Math.max(0, Math.min(MAX_DURATION, left));
		}

	}

}
