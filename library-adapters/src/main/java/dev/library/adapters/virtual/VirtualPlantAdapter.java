package dev.library.adapters.virtual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import dev.library.adapters.spi.ReadingListener;
import dev.library.adapters.spi.ReadingSource;
import dev.library.adapters.spi.Watchdog;
import org.jspecify.annotations.Nullable;

/**
 * A simulated plant: a tank with a level sensor and a temperature sensor with noise, an
 * inlet pump that raises the level and an outlet valve that lowers it. If unsafe commands
 * get through, the tank overflows (the pump runs while it is full) or runs dry (the valve
 * is open while it is empty); both are latched until the adapter is created again.
 * <p>
 * Addresses: {@code tank.level} (FLOAT, %), {@code tank.temperature} (FLOAT, °C),
 * {@code tank.overflowed} and {@code tank.dry-running} (BOOLEAN), {@code pump.running}
 * (BOOLEAN, writable), {@code valve.position} (FLOAT, % open, writable), and any
 * {@code memory.<name>}: a writable register of any type that keeps what is written.
 * <p>
 * The plant has a watchdog: once armed, it switches the pump off and closes the valve by
 * itself when it is not fed within the timeout. Event-driven points (no poll interval)
 * are pushed when their value changes. The random source is seeded ({@code seed}), so a
 * run can be repeated.
 *
 * @author Library
 */
public class VirtualPlantAdapter implements Adapter, ReadingSource, Watchdog {

	static final String LEVEL = "tank.level";

	static final String TEMPERATURE = "tank.temperature";

	static final String OVERFLOWED = "tank.overflowed";

	static final String DRY_RUNNING = "tank.dry-running";

	static final String PUMP_RUNNING = "pump.running";

	static final String VALVE_POSITION = "valve.position";

	static final String MEMORY_PREFIX = "memory.";

	private static final Map<String, Channel> CHANNELS = Map.of(LEVEL, new Channel(DataType.FLOAT, false), TEMPERATURE,
			new Channel(DataType.FLOAT, false), OVERFLOWED, new Channel(DataType.BOOLEAN, false), DRY_RUNNING,
			new Channel(DataType.BOOLEAN, false), PUMP_RUNNING, new Channel(DataType.BOOLEAN, true), VALVE_POSITION,
			new Channel(DataType.FLOAT, true));

	private static final Duration TICK = Duration.ofMillis(100);

	private final AdapterConfig config;

	private final PlantSettings settings;

	private final SplittableRandom random;

	private final Map<String, Object> memory = new HashMap<>();

	private final Map<String, Object> pushed = new HashMap<>();

	private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger writesInProgress = new AtomicInteger();

	private volatile int mostConcurrentWrites;

	private double level;

	private boolean pumpRunning;

	private double valvePosition;

	private boolean overflowed;

	private boolean dryRunning;

	private long lastStepNanos = System.nanoTime();

	private @Nullable Duration watchdogTimeout;

	private long lastFeedNanos;

	private volatile boolean connected;

	// An adapter created only to check a configuration never touches the outputs file
	private boolean everConnected;

	private @Nullable ScheduledExecutorService ticker;

	VirtualPlantAdapter(AdapterConfig config, PlantSettings settings) {
		this.config = config;
		this.settings = settings;
		this.random = new SplittableRandom(settings.seed());
		this.level = Math.min(100, settings.initialLevel());
		for (PointConfig point : config.points()) {
			checkAddress(point);
		}
	}

	private void checkAddress(PointConfig point) {
		String address = point.address();
		if (address.startsWith(MEMORY_PREFIX) && address.length() > MEMORY_PREFIX.length()) {
			return;
		}
		Channel channel = CHANNELS.get(address);
		String where = "Adapter '" + this.config.id() + "', point " + point.id() + ": ";
		if (channel == null) {
			throw new AdapterConfigurationException(where + "the virtual plant has no address '" + address
					+ "' (known: " + CHANNELS.keySet().stream().sorted().toList() + " and memory.<name>)");
		}
		if (channel.type() != point.dataType()) {
			throw new AdapterConfigurationException(
					where + "address '" + address + "' is " + channel.type() + ", not " + point.dataType());
		}
		if (point.access() == Access.READ_WRITE && !channel.writable()) {
			throw new AdapterConfigurationException(where + "address '" + address + "' is a sensor: read only");
		}
	}

	@Override
	public synchronized void connect() {
		this.connected = true;
		this.everConnected = true;
		this.lastStepNanos = System.nanoTime();
		this.lastFeedNanos = System.nanoTime();
		if (this.config.points().stream().anyMatch((point) -> point.pollInterval() == null)) {
			ScheduledExecutorService created = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "virtual-plant-" + this.config.id());
				thread.setDaemon(true);
				return thread;
			});
			created.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
			this.ticker = created;
		}
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public synchronized Object read(PointConfig point) {
		checkConnected();
		step();
		return valueOf(point);
	}

	@Override
	public void write(PointConfig point, Object value) {
		int concurrent = this.writesInProgress.incrementAndGet();
		this.mostConcurrentWrites = Math.max(this.mostConcurrentWrites, concurrent);
		try {
			synchronized (this) {
				checkConnected();
				step();
				String address = point.address();
				if (address.startsWith(MEMORY_PREFIX)) {
					this.memory.put(address, checkType(point, value));
				}
				else if (PUMP_RUNNING.equals(address)) {
					this.pumpRunning = (Boolean) checkType(point, value);
				}
				else if (VALVE_POSITION.equals(address)) {
					double position = ((Number) checkType(point, value)).doubleValue();
					if (position < 0 || position > 100) {
						throw new AdapterException("Valve position must be from 0 to 100, got " + position);
					}
					this.valvePosition = position;
				}
				else {
					throw new AdapterException("Address '" + address + "' is read only");
				}
				writeOutputsFile();
				pushChanges();
			}
		}
		finally {
			this.writesInProgress.decrementAndGet();
		}
	}

	@Override
	public void subscribe(ReadingListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public synchronized void arm(Duration timeout) {
		this.watchdogTimeout = timeout;
		this.lastFeedNanos = System.nanoTime();
	}

	@Override
	public synchronized void feed() {
		checkConnected();
		step();
		this.lastFeedNanos = System.nanoTime();
	}

	@Override
	public synchronized void close() {
		this.connected = false;
		this.listeners.clear();
		ScheduledExecutorService current = this.ticker;
		if (current != null) {
			current.shutdownNow();
			this.ticker = null;
		}
		if (this.everConnected) {
			writeOutputsFile();
		}
	}

	/**
	 * Return the largest number of writes that were ever in progress at once: 1 if the
	 * platform serialized them.
	 * @return the number
	 */
	public int mostConcurrentWrites() {
		return this.mostConcurrentWrites;
	}

	/**
	 * Return whether the tank has overflowed since the adapter was created.
	 * @return whether it overflowed
	 */
	public synchronized boolean overflowed() {
		return this.overflowed;
	}

	/**
	 * Return whether the tank has run dry with the valve open since the adapter was
	 * created.
	 * @return whether it ran dry
	 */
	public synchronized boolean dryRunning() {
		return this.dryRunning;
	}

	private void tick() {
		synchronized (this) {
			if (!this.connected) {
				return;
			}
			step();
			pushChanges();
		}
	}

	private void step() {
		long now = System.nanoTime();
		double seconds = (now - this.lastStepNanos) / 1e9 * this.settings.timeScale();
		this.lastStepNanos = now;
		Duration timeout = this.watchdogTimeout;
		if (timeout != null && now - this.lastFeedNanos > timeout.toNanos()
				&& (this.pumpRunning || this.valvePosition > 0)) {
			// The device's own watchdog: the platform went quiet, so go safe
			this.pumpRunning = false;
			this.valvePosition = 0;
			writeOutputsFile();
		}
		this.level += (this.pumpRunning ? this.settings.fillRate() : 0) * seconds
				- this.settings.drainRate() * (this.valvePosition / 100) * seconds;
		if (this.level >= 100) {
			this.level = 100;
			this.overflowed |= this.pumpRunning;
		}
		if (this.level <= 0) {
			this.level = 0;
			this.dryRunning |= this.valvePosition > 0;
		}
	}

	private Object valueOf(PointConfig point) {
		String address = point.address();
		if (address.startsWith(MEMORY_PREFIX)) {
			return this.memory.computeIfAbsent(address, (ignored) -> zero(point.dataType()));
		}
		return switch (address) {
			case LEVEL -> this.level;
			case TEMPERATURE ->
				this.settings.initialTemperature() + this.random.nextGaussian() * this.settings.temperatureNoise();
			case OVERFLOWED -> this.overflowed;
			case DRY_RUNNING -> this.dryRunning;
			case PUMP_RUNNING -> this.pumpRunning;
			case VALVE_POSITION -> this.valvePosition;
			default -> throw new AdapterException("No address '" + address + "'");
		};
	}

	private void pushChanges() {
		if (this.listeners.isEmpty()) {
			return;
		}
		for (PointConfig point : this.config.points()) {
			if (point.pollInterval() == null) {
				Object value = valueOf(point);
				if (!value.equals(this.pushed.put(point.id(), value))) {
					this.listeners.forEach((listener) -> listener.onReading(point, value));
				}
			}
		}
	}

	private void checkConnected() {
		if (!this.connected) {
			throw new AdapterException("Virtual plant '" + this.config.id() + "' is not connected");
		}
	}

	private static Object checkType(PointConfig point, Object value) {
		boolean matches = switch (point.dataType()) {
			case BOOLEAN -> value instanceof Boolean;
			case INTEGER -> value instanceof Long;
			case FLOAT -> value instanceof Double;
			case STRING -> value instanceof String;
		};
		if (!matches) {
			throw new AdapterException(
					"Point " + point.id() + " takes " + point.dataType() + ", got " + value.getClass().getSimpleName());
		}
		return value;
	}

	private static Object zero(DataType type) {
		return switch (type) {
			case BOOLEAN -> Boolean.FALSE;
			case INTEGER -> 0L;
			case FLOAT -> 0.0;
			case STRING -> "";
		};
	}

	private void writeOutputsFile() {
		Path file = this.settings.outputsFile();
		if (file == null) {
			return;
		}
		String content = PUMP_RUNNING + "=" + this.pumpRunning + "\n" + VALVE_POSITION + "=" + this.valvePosition + "\n"
				+ LEVEL + "=" + this.level + "\n" + OVERFLOWED + "=" + this.overflowed + "\n" + DRY_RUNNING + "="
				+ this.dryRunning + "\n";
		try {
			Path absolute = file.toAbsolutePath();
			Files.createDirectories(absolute.getParent());
			Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Outputs of virtual plant '" + this.config.id() + "' not written", ex);
		}
	}

	private record Channel(DataType type, boolean writable) {

	}

}
