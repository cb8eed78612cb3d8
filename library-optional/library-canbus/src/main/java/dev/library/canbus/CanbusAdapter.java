package dev.library.canbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.PointConfig;
import dev.library.adapters.spi.ReadingListener;
import dev.library.adapters.spi.ReadingSource;
import dev.library.canbus.CanTransport.ReceivedFrame;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.dbc.CodecException;
import dev.library.canbus.dbc.Database;
import dev.library.canbus.dbc.Message;
import dev.library.canbus.dbc.Signal;
import dev.library.state.Quality;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A CAN bus as an adapter instance: a thread of its own receives frames from the
 * transport, decodes those the DBC databases define, pushes the values of configured
 * points ({@code address: MESSAGE.SIGNAL}) and publishes every decoded signal under its
 * state key, and a liveness check marks a message's signals {@link Quality#BAD} when the
 * message has been missing for longer than its allowed multiple of its cycle time. A
 * write to a point encodes the signal into its message (the other signals keep the values
 * of the last frame seen) and sends the frame.
 *
 * @author Library
 */
public class CanbusAdapter implements Adapter, ReadingSource {

	private static final Log logger = LogFactory.getLog(CanbusAdapter.class);

	private final AdapterConfig config;

	private final CanbusSettings settings;

	private final CanTransport transport;

	private final String transportType;

	private final SignalPublisher publisher;

	private final Duration livenessCheckInterval;

	private final String interfaceName;

	/** Activity by frame key (id, with bit 32 set for extended ids). */
	private final Map<Long, MessageActivity> activity = new ConcurrentHashMap<>();

	private final Map<Long, Message> messagesByKey = new HashMap<>();

	private final Map<String, Message> messagesByName = new HashMap<>();

	/**
	 * Points by message (identity: two DBCs may name different messages alike) and signal
	 * name.
	 */
	private final Map<Message, Map<String, List<PointConfig>>> pointsBySignal = new java.util.IdentityHashMap<>();

	private final Map<String, Target> targets = new HashMap<>();

	private final CanbusMetrics metrics;

	private final AtomicLong framesReceived = new AtomicLong();

	private final AtomicLong errorFrames = new AtomicLong();

	private final AtomicLong decodeErrors = new AtomicLong();

	private final AtomicLong unknownFrames = new AtomicLong();

	private final AtomicLong livenessViolations = new AtomicLong();

	private final AtomicLong framesSent = new AtomicLong();

	private final AtomicLong bitsReceived = new AtomicLong();

	private volatile @Nullable ReadingListener listener;

	private @Nullable CanbusRegistry registry;

	private volatile boolean connected;

	private volatile @Nullable String lastError;

	private @Nullable Thread reader;

	private @Nullable ScheduledExecutorService liveness;

	private volatile long busStartTime = Long.MIN_VALUE;

	private volatile long lastBusTime = Long.MIN_VALUE;

	/**
	 * Create a bus adapter. Does no I/O.
	 * @param config the instance configuration
	 * @param settings the shared settings, DBC databases loaded
	 * @param transport the transport, not yet open
	 * @param transportType the adapter type, for {@code GET /canbus/interfaces}
	 * @param publisher where decoded signals go
	 * @param meterRegistry where the bus's meters go, or {@code null}
	 * @param defaults the defaults of {@code library.canbus.*}
	 * @throws AdapterConfigurationException if a point's address names no signal
	 */
	public CanbusAdapter(AdapterConfig config, CanbusSettings settings, CanTransport transport, String transportType,
			SignalPublisher publisher, @Nullable MeterRegistry meterRegistry, CanbusDefaults defaults) {
		this.config = config;
		this.settings = settings;
		this.transport = transport;
		this.transportType = transportType;
		this.publisher = publisher;
		this.livenessCheckInterval = defaults.livenessCheckInterval();
		this.interfaceName = (settings.interfaceName() != null) ? settings.interfaceName() : transport.interfaceName();
		for (Database database : settings.databases()) {
			for (Message message : database.getMessages()) {
				if (database.getMessage(message.getFrameId(), message.isExtended()) == message) {
					this.messagesByKey.putIfAbsent(key(message.getFrameId(), message.isExtended()), message);
				}
				this.messagesByName.putIfAbsent(message.getName(), message);
			}
		}
		for (String name : settings.cycleTimes().keySet()) {
			Message message = this.messagesByName.get(name);
			if (message == null) {
				throw CanbusSettings.invalid(config, "cycle-times", "no loaded DBC defines message '" + name + "'");
			}
			this.activity.put(key(message.getFrameId(), message.isExtended()),
					newActivity(message.getFrameId(), message.isExtended(), message));
		}
		for (PointConfig point : config.points()) {
			Target target = resolve(point);
			this.targets.put(point.id(), target);
			this.pointsBySignal.computeIfAbsent(target.message(), (message) -> new HashMap<>())
				.computeIfAbsent(target.signal().getName(), (name) -> new ArrayList<>())
				.add(point);
		}
		this.metrics = (meterRegistry != null) ? new CanbusMetrics(meterRegistry, config.id(), this.interfaceName, this)
				: CanbusMetrics.unregistered(config.id(), this.interfaceName, this);
	}

	/**
	 * Set the registry the bus joins while it is connected.
	 * @param registry the registry
	 */
	public void setRegistry(CanbusRegistry registry) {
		this.registry = registry;
	}

	private static long key(long frameId, boolean extended) {
		return extended ? (frameId | 0x1_0000_0000L) : frameId;
	}

	/** The message of a frame id: exact, else (29-bit ids) by J1939 PGN. */
	private @Nullable Message match(long frameId, boolean extended) {
		Message exact = this.messagesByKey.get(key(frameId, extended));
		if (exact != null || !extended) {
			return exact;
		}
		for (Database database : this.settings.databases()) {
			Message byPgn = database.matchMessage(frameId, true);
			if (byPgn != null) {
				return byPgn;
			}
		}
		return null;
	}

	private MessageActivity newActivity(long frameId, boolean extended, @Nullable Message message) {
		Duration cycle = null;
		if (message != null) {
			cycle = this.settings.cycleTimes().get(message.getName());
			if (cycle == null) {
				cycle = message.getCycleTime();
			}
		}
		return new MessageActivity(frameId, extended, message, cycle);
	}

	/**
	 * Find the signal of a point address: {@code MESSAGE.SIGNAL} (the first loaded
	 * database that has a message of that name) or {@code 0x116.SIGNAL} (by frame id; ids
	 * above 0x7FF are extended).
	 */
	private Target resolve(PointConfig point) {
		String address = point.address();
		int dot = address.lastIndexOf('.');
		Message message = null;
		if (dot > 0) {
			String name = address.substring(0, dot);
			if (name.startsWith("0x") || name.startsWith("0X")) {
				try {
					long id = Long.parseLong(name.substring(2), 16);
					message = this.messagesByKey.get(key(id, id > 0x7FF));
				}
				catch (NumberFormatException ex) {
					message = null;
				}
			}
			else {
				message = this.messagesByName.get(name);
			}
		}
		Signal signal = (message != null) ? message.getSignal(address.substring(dot + 1)) : null;
		if (signal == null) {
			throw new AdapterConfigurationException("Point '" + point.id() + "' address '" + address
					+ "' names no signal of the loaded DBC databases (expected MESSAGE.SIGNAL or 0xID.SIGNAL)");
		}
		return new Target(message, signal);
	}

	private Target target(PointConfig point) {
		Target target = this.targets.get(point.id());
		return (target != null) ? target : resolve(point);
	}

	/**
	 * Return the adapter instance id.
	 * @return the id
	 */
	public String getId() {
		return this.config.id();
	}

	/**
	 * Return the interface name.
	 * @return the interface name
	 */
	public String getInterfaceName() {
		return this.interfaceName;
	}

	/**
	 * Return the adapter type of the transport ({@code candump}, {@code slcan}, ...).
	 * @return the type
	 */
	public String getTransportType() {
		return this.transportType;
	}

	/**
	 * Return the loaded DBC databases.
	 * @return the databases
	 */
	public List<Database> getDatabases() {
		return this.settings.databases();
	}

	/**
	 * Return the transport.
	 * @return the transport
	 */
	public CanTransport getTransport() {
		return this.transport;
	}

	@Override
	public synchronized void connect() {
		try {
			this.transport.open();
		}
		catch (IOException | RuntimeException ex) {
			this.lastError = ex.getMessage();
			throw new AdapterException("Cannot open " + this.transportType + " transport of '" + this.config.id()
					+ "': " + ex.getMessage(), ex);
		}
		this.connected = true;
		this.lastError = null;
		this.busStartTime = this.transport.busTimeNanos();
		this.lastBusTime = this.busStartTime;
		Thread thread = Thread.ofPlatform().name("canbus-" + this.config.id()).daemon().unstarted(this::receiveLoop);
		this.reader = thread;
		thread.start();
		ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("canbus-liveness-" + this.config.id()).daemon().factory());
		long interval = Math.max(1, this.livenessCheckInterval.toNanos());
		checker.scheduleWithFixedDelay(this::checkLiveness, interval, interval, TimeUnit.NANOSECONDS);
		this.liveness = checker;
		if (this.registry != null) {
			this.registry.add(this);
		}
	}

	@Override
	public boolean isConnected() {
		return this.connected;
	}

	@Override
	public void subscribe(ReadingListener listener) {
		this.listener = listener;
	}

	private void receiveLoop() {
		Thread self = Thread.currentThread();
		try {
			while (this.connected && this.reader == self) {
				ReceivedFrame received = this.transport.receive();
				if (received == null) {
					return;
				}
				handle(received);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (this.connected && this.reader == self) {
				this.lastError = ex.getMessage();
				logger.warn("CAN bus '" + this.config.id() + "' stopped receiving: " + ex.getMessage());
				this.connected = false;
			}
		}
	}

	/**
	 * Take in one frame: count it, decode it, publish its signals. Called by the reader
	 * thread; public for transports tested without one and for benchmarks.
	 * @param received the frame
	 */
	public void handle(ReceivedFrame received) {
		CanFrame frame = received.frame();
		this.lastBusTime = received.busTimeNanos();
		if (this.busStartTime == Long.MIN_VALUE) {
			this.busStartTime = received.busTimeNanos();
		}
		this.framesReceived.incrementAndGet();
		this.metrics.frames.increment();
		this.bitsReceived.addAndGet(frameBits(frame));
		if (frame.error()) {
			this.errorFrames.incrementAndGet();
			this.metrics.errorFrames.increment();
			return;
		}
		if (frame.remote()) {
			return;
		}
		long key = key(frame.id(), frame.extended());
		MessageActivity seen = this.activity.get(key);
		if (seen == null) {
			seen = this.activity.computeIfAbsent(key,
					(ignored) -> newActivity(frame.id(), frame.extended(), match(frame.id(), frame.extended())));
		}
		seen.seen(frame.data(), received.busTimeNanos());
		Message message = seen.message;
		if (message == null) {
			this.unknownFrames.incrementAndGet();
			this.metrics.unknownFrames.increment();
			return;
		}
		seen.revive();
		if (message.getLength() > 8 && frame.data().length <= 8) {
			// One frame of a multi-frame transfer (J1939 transport protocol, NMEA 2000
			// fast
			// packet): not reassembled, and its bytes are not the message's.
			this.decodeErrors.incrementAndGet();
			this.metrics.decodeErrors.increment();
			return;
		}
		Quality quality = Quality.GOOD;
		if (frame.data().length != message.getLength()) {
			this.decodeErrors.incrementAndGet();
			this.metrics.decodeErrors.increment();
			quality = Quality.UNCERTAIN;
		}
		MessageActivity target = seen;
		Quality signalQuality = quality;
		message.decode(frame.data(), (signal, raw) -> {
			String choice = signal.getChoices().get(raw);
			Object value = (choice != null) ? choice : signal.toPhysical(raw);
			if (target.update(signal.getName(), value, signalQuality)) {
				publish(target, message, signal, value, signalQuality);
			}
		});
	}

	private void publish(MessageActivity target, Message message, Signal signal, Object value, Quality quality) {
		if (this.settings.publishSignals()) {
			this.publisher.publish(target.key(signal, this.settings.keys(), this.config.id(), this.interfaceName),
					value, quality, this.config.id());
		}
		ReadingListener current = this.listener;
		Map<String, List<PointConfig>> bySignal = this.pointsBySignal.get(message);
		List<PointConfig> points = (bySignal != null) ? bySignal.get(signal.getName()) : null;
		if (current != null && points != null && quality != Quality.BAD) {
			for (PointConfig point : points) {
				current.onReading(point, PointValue.of(point, signal, value));
			}
		}
	}

	/** Bits on the wire without stuffing: SOF to IFS, for the bus load estimate. */
	private static int frameBits(CanFrame frame) {
		return (frame.extended() ? 67 : 47) + 8 * frame.data().length;
	}

	private void checkLiveness() {
		try {
			long now = this.transport.busTimeNanos();
			if (now == Long.MIN_VALUE || this.busStartTime == Long.MIN_VALUE) {
				return;
			}
			for (MessageActivity seen : this.activity.values()) {
				Duration cycle = seen.cycleTime;
				Message message = seen.message;
				if (cycle == null || message == null) {
					continue;
				}
				long limit = (long) (cycle.toNanos() * this.settings.livenessFactor());
				if (seen.checkLiveness(now, this.busStartTime, limit)) {
					this.livenessViolations.incrementAndGet();
					this.metrics.livenessViolations.increment();
					logger.debug("CAN message " + message.getName() + " on " + this.interfaceName
							+ " missing for more than " + this.settings.livenessFactor() + " x " + cycle);
					Map<String, Object> values = seen.invalidate();
					values.forEach((name, value) -> {
						Signal signal = message.getSignal(name);
						if (signal != null && this.settings.publishSignals()) {
							this.publisher.publish(
									seen.key(signal, this.settings.keys(), this.config.id(), this.interfaceName), value,
									Quality.BAD, this.config.id());
						}
					});
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Liveness check of CAN bus '" + this.config.id() + "' failed", ex);
		}
	}

	@Override
	public Object read(PointConfig point) {
		Target target = target(point);
		Signal signal = target.signal();
		Message message = target.message();
		MessageActivity seen = this.activity.get(key(message.getFrameId(), message.isExtended()));
		Object value = (seen != null) ? seen.value(signal.getName()) : null;
		if (value == null) {
			throw new AdapterException(
					"No frame of " + message.getName() + " has carried " + signal.getName() + " yet");
		}
		if (seen.isStale()) {
			throw new AdapterException("Message " + message.getName() + " is missing (liveness)");
		}
		return PointValue.of(point, signal, value);
	}

	@Override
	public void write(PointConfig point, Object value) {
		Target target = target(point);
		Signal signal = target.signal();
		Message message = target.message();
		long key = key(message.getFrameId(), message.isExtended());
		MessageActivity seen = this.activity.computeIfAbsent(key,
				(ignored) -> newActivity(message.getFrameId(), message.isExtended(), message));
		byte[] previous = seen.lastData();
		byte[] data = new byte[message.getLength()];
		System.arraycopy(previous, 0, data, 0, Math.min(previous.length, data.length));
		try {
			String multiplexer = signal.getMultiplexerSignal();
			if (multiplexer != null) {
				Signal selector = message.getSignal(multiplexer);
				if (selector != null && !signal.getMultiplexerIds().isEmpty()) {
					selector.writeRaw(data, signal.getMultiplexerIds().get(0)[0]);
				}
			}
			signal.writeRaw(data, signal.toRaw(PointValue.toSignal(signal, value), true));
		}
		catch (CodecException ex) {
			throw new AdapterException("Cannot encode " + point.id() + ": " + ex.getMessage(), ex);
		}
		CanFrame frame = CanFrame.of(message.getFrameId(), message.isExtended(), data);
		try {
			this.transport.send(frame);
		}
		catch (IOException | RuntimeException ex) {
			throw new AdapterException("Cannot send " + frame + " on " + this.interfaceName + ": " + ex.getMessage(),
					ex);
		}
		this.framesSent.incrementAndGet();
		this.metrics.framesSent.increment();
		// What was sent is the message's latest state: the read-back sees it, as a bus
		// echo would show it.
		handle(new ReceivedFrame(frame, this.transport.busTimeNanos()));
	}

	@Override
	public synchronized void close() {
		this.connected = false;
		if (this.registry != null) {
			this.registry.remove(this);
		}
		Thread thread = this.reader;
		this.reader = null;
		ScheduledExecutorService checker = this.liveness;
		this.liveness = null;
		if (checker != null) {
			checker.shutdownNow();
		}
		this.transport.close();
		if (thread != null) {
			try {
				thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Return how many messages are missing now for longer than allowed.
	 * @return the number of stale messages
	 */
	public int staleMessages() {
		int stale = 0;
		for (MessageActivity seen : this.activity.values()) {
			if (seen.isStale()) {
				stale++;
			}
		}
		return stale;
	}

	/**
	 * Return the counters of the bus.
	 * @return the statistics
	 */
	public BusStatistics statistics() {
		long elapsed = (this.busStartTime == Long.MIN_VALUE) ? 0 : Math.max(0, this.lastBusTime - this.busStartTime);
		double seconds = elapsed / 1e9;
		double bitsPerSecond = (seconds > 0) ? this.bitsReceived.get() / seconds : 0;
		return new BusStatistics(this.config.id(), this.interfaceName, this.transportType, this.connected,
				this.lastError, this.framesReceived.get(), this.errorFrames.get(), this.decodeErrors.get(),
				this.unknownFrames.get(), this.livenessViolations.get(), this.framesSent.get(), staleMessages(),
				(seconds > 0) ? this.framesReceived.get() / seconds : 0, bitsPerSecond);
	}

	/**
	 * Return what the bus has seen of each frame id.
	 * @return one entry per id, by id
	 */
	public List<MessageStatistics> messages() {
		List<MessageStatistics> result = new ArrayList<>();
		Collection<MessageActivity> all = this.activity.values();
		for (MessageActivity seen : all) {
			long count = seen.count();
			double seconds = (seen.lastBusTime() - seen.firstBusTime()) / 1e9;
			Message message = seen.message;
			result.add(new MessageStatistics(seen.frameId, seen.extended, (message != null) ? message.getName() : null,
					count, (count > 1 && seconds > 0) ? (count - 1) / seconds : 0,
					java.util.HexFormat.of().withUpperCase().formatHex(seen.lastData()), seen.values(),
					(seen.cycleTime != null) ? seen.cycleTime.toMillis() : null, seen.isStale()));
		}
		result.sort(java.util.Comparator.comparing(MessageStatistics::frameId));
		return result;
	}

	private record Target(Message message, Signal signal) {

	}

	/**
	 * The counters of a bus.
	 *
	 * @param adapter the adapter instance id
	 * @param interfaceName the interface
	 * @param transport the adapter type
	 * @param connected whether the transport is open
	 * @param lastError the last transport error, or {@code null}
	 * @param frames frames received
	 * @param errorFrames error frames received
	 * @param decodeErrors frames of a known message with a wrong length
	 * @param unknownFrames frames of ids no DBC defines
	 * @param livenessViolations times a message went missing
	 * @param framesSent frames sent
	 * @param staleMessages messages missing now
	 * @param framesPerSecond frames per second of bus time
	 * @param bitsPerSecond bits per second of bus time, without stuffing bits
	 */
	public record BusStatistics(String adapter, String interfaceName, String transport, boolean connected,
			@Nullable String lastError, long frames, long errorFrames, long decodeErrors, long unknownFrames,
			long livenessViolations, long framesSent, int staleMessages, double framesPerSecond, double bitsPerSecond) {

	}

	/**
	 * What a bus has seen of one frame id.
	 *
	 * @param frameId the id
	 * @param extended whether it is a 29-bit id
	 * @param message the DBC message name, or {@code null} if no DBC defines it
	 * @param count frames seen
	 * @param framesPerSecond frames per second of bus time
	 * @param lastData the last payload in hex
	 * @param values the last decoded values
	 * @param cycleTimeMillis the cycle time liveness checks against, or {@code null}
	 * @param stale whether the message is missing now
	 */
	public record MessageStatistics(long frameId, boolean extended, @Nullable String message, long count,
			double framesPerSecond, String lastData, Map<String, Object> values, @Nullable Long cycleTimeMillis,
			boolean stale) {

	}

}
