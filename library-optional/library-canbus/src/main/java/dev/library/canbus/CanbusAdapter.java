package dev.library.canbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
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
import dev.library.canbus.j1939.J1939TransportProtocol;
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

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	private static final Duration LINK_REFRESH = Duration.ofSeconds(5);

	private final AdapterConfig config;

	private volatile CanbusSettings settings;

	private final CanTransport transport;

	private final String transportType;

	private final SignalPublisher publisher;

	private final Duration livenessCheckInterval;

	private final String interfaceName;

	/** The interface name as a state-key segment. */
	private final String rawKeyInterface;

	/** Activity by frame key (id, with bit 32 set for extended ids). */
	private final Map<Long, MessageActivity> activity = new ConcurrentHashMap<>();

	/** What the loaded databases define; replaced whole when a database is uploaded. */
	private volatile Dictionary dictionary;

	private final J1939TransportProtocol transportProtocol;

	private StateValueSource valueSource = StateValueSource.none();

	private final CanbusMetrics metrics;

	private final AtomicLong framesReceived = new AtomicLong();

	private final AtomicLong errorFrames = new AtomicLong();

	private final AtomicLong decodeErrors = new AtomicLong();

	private final AtomicLong unknownFrames = new AtomicLong();

	private final AtomicLong livenessViolations = new AtomicLong();

	private final AtomicLong counterErrors = new AtomicLong();

	private final AtomicLong checksumErrors = new AtomicLong();

	private final AtomicLong transfersDelivered = new AtomicLong();

	private final AtomicLong transfersDropped = new AtomicLong();

	private final AtomicLong framesSent = new AtomicLong();

	private final AtomicLong bitsReceived = new AtomicLong();

	private final java.util.Set<String> heldCyclic = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ReadingListener listener;

	private @Nullable CanbusRegistry registry;

	private volatile boolean connected;

	private volatile @Nullable String lastError;

	private @Nullable Thread reader;

	private @Nullable ScheduledExecutorService liveness;

	private @Nullable ScheduledExecutorService cyclic;

	private final AtomicLong busOffs = new AtomicLong();

	private final AtomicLong restartAttempts = new AtomicLong();

	private final BusOffRecovery recovery = new BusOffRecovery(Duration.ofMillis(100), Duration.ofSeconds(30));

	private volatile ControllerState controllerState = ControllerState.UNKNOWN;

	private volatile int txErrors = -1;

	private volatile int rxErrors = -1;

	private volatile @Nullable CanLinkDetails link;

	private long nextLinkRefresh;

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
		this.rawKeyInterface = SignalKeys.segment(this.interfaceName);
		this.dictionary = new Dictionary(config, settings);
		this.dictionary.expectCycles(this);
		this.transportProtocol = new J1939TransportProtocol(J1939TransportProtocol.Timeouts.standard(),
				new TransferListener());
		this.metrics = (meterRegistry != null) ? new CanbusMetrics(meterRegistry, config.id(), this.interfaceName, this)
				: CanbusMetrics.unregistered(config.id(), this.interfaceName, this);
	}

	/**
	 * Set where cyclic sends read the signals they take from state keys.
	 * @param valueSource the source
	 */
	public void setValueSource(StateValueSource valueSource) {
		this.valueSource = valueSource;
	}

	/**
	 * Replace a loaded database, or add one, for decoding from the next frame on. The
	 * points, checks and cyclic sends must still find their messages and signals in the
	 * databases; the per-id counts and last values stay.
	 * @param database the database; one of the same name is replaced
	 * @throws AdapterConfigurationException if a point or setting names a message or
	 * signal the databases no longer define
	 */
	public synchronized void replaceDatabase(Database database) {
		List<Database> databases = new ArrayList<>(this.settings.databases());
		boolean replaced = false;
		for (int i = 0; i < databases.size(); i++) {
			if (databases.get(i).getName().equals(database.getName())) {
				databases.set(i, database);
				replaced = true;
			}
		}
		if (!replaced) {
			databases.add(database);
		}
		CanbusSettings updated = this.settings.withDatabases(databases);
		Dictionary next = new Dictionary(this.config, updated);
		this.settings = updated;
		this.dictionary = next;
		for (MessageActivity seen : this.activity.values()) {
			MessageActivity rebound = newActivity(seen.frameId, seen.extended, next.match(seen.frameId, seen.extended));
			seen.rebind(rebound.message, rebound.cycleTime);
		}
		next.expectCycles(this);
		logger.info("CAN bus '" + this.config.id() + "' decodes with " + (replaced ? "the new " : "the added ")
				+ database.getName() + " from now on");
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

	private Target target(PointConfig point) {
		Dictionary current = this.dictionary;
		Target target = current.targets.get(point.id());
		return (target != null) ? target : current.resolve(point);
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
		startCyclicSends();
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
		long busTime = received.busTimeNanos();
		this.lastBusTime = busTime;
		if (this.busStartTime == Long.MIN_VALUE) {
			this.busStartTime = busTime;
		}
		this.framesReceived.incrementAndGet();
		this.metrics.frames.increment();
		this.bitsReceived.addAndGet(frameBits(frame));
		if (frame.error()) {
			this.errorFrames.incrementAndGet();
			this.metrics.errorFrames.increment();
			CanErrorFrame error = CanErrorFrame.of(frame);
			if (error.txErrors() >= 0) {
				this.txErrors = error.txErrors();
				this.rxErrors = error.rxErrors();
			}
			if (error.state() != null) {
				controllerState(error.state());
			}
			return;
		}
		if (this.controllerState == ControllerState.BUS_OFF) {
			controllerState(ControllerState.ERROR_ACTIVE); // it receives again
		}
		if (frame.remote()) {
			return;
		}
		String rawPrefix = this.settings.rawFramesPrefix();
		if (rawPrefix != null) {
			this.publisher.publish(rawPrefix + "." + this.rawKeyInterface + "." + frame.idHex(),
					HEX.formatHex(frame.data()), Quality.GOOD, this.config.id());
		}
		if (J1939TransportProtocol.isTransportFrame(frame.id(), frame.extended())) {
			this.transportProtocol.accept(frame.id(), frame.data(), busTime);
		}
		decode(frame.id(), frame.extended(), frame.data(), busTime, false);
	}

	/**
	 * Decode a payload: a frame's, or a transfer the J1939 transport protocol
	 * reassembled.
	 */
	private void decode(long frameId, boolean extended, byte[] data, long busTime, boolean reassembled) {
		Dictionary current = this.dictionary;
		long key = key(frameId, extended);
		MessageActivity seen = this.activity.get(key);
		if (seen == null) {
			seen = this.activity.computeIfAbsent(key,
					(ignored) -> newActivity(frameId, extended, current.match(frameId, extended)));
		}
		seen.seen(data, busTime);
		Message message = seen.message;
		if (message == null) {
			if (!reassembled) {
				this.unknownFrames.incrementAndGet();
				this.metrics.unknownFrames.increment();
			}
			return;
		}
		seen.revive();
		if (!reassembled && message.getLength() > 8 && data.length <= 8) {
			// One frame of a multi-frame transfer the platform does not reassemble (NMEA
			// 2000 fast packet): its bytes are not the message's.
			this.decodeErrors.incrementAndGet();
			this.metrics.decodeErrors.increment();
			return;
		}
		Quality quality = Quality.GOOD;
		if (data.length != message.getLength()) {
			this.decodeErrors.incrementAndGet();
			this.metrics.decodeErrors.increment();
			quality = Quality.UNCERTAIN;
		}
		MessageChecks checks = current.checks.get(message);
		if (checks != null) {
			Liveness verdict = checks.check(frameId, data);
			if (verdict == Liveness.CHECKSUM_FAILED) {
				this.checksumErrors.incrementAndGet();
				this.metrics.checksumErrors.increment();
			}
			else if (verdict != Liveness.OK) {
				this.counterErrors.incrementAndGet();
				this.metrics.counterErrors.increment();
			}
			if (verdict.quality().compareTo(quality) > 0) {
				quality = verdict.quality();
			}
			publishLiveness(seen, message, verdict);
		}
		else if (seen.cycleTime != null) {
			publishLiveness(seen, message, Liveness.OK);
		}
		MessageActivity target = seen;
		Quality signalQuality = quality;
		message.decode(data, (signal, raw) -> {
			String choice = signal.getChoices().get(raw);
			Object value = (choice != null) ? choice : signal.toPhysical(raw);
			if (target.update(signal.getName(), value, signalQuality)) {
				publish(current, target, message, signal, value, signalQuality);
			}
		});
	}

	/**
	 * Take a controller state from an error frame or the kernel: going bus-off starts the
	 * recovery, leaving it ends it.
	 */
	private void controllerState(ControllerState state) {
		ControllerState previous = this.controllerState;
		this.controllerState = state;
		if (state == ControllerState.BUS_OFF && previous != ControllerState.BUS_OFF) {
			this.busOffs.incrementAndGet();
			this.metrics.busOffs.increment();
			this.recovery.busOff(System.nanoTime());
			logger.warn("CAN bus '" + this.config.id() + "' (" + this.interfaceName
					+ ") is bus-off: sends are held until it recovers");
		}
		else if (state != ControllerState.BUS_OFF && previous == ControllerState.BUS_OFF) {
			this.recovery.recovered();
			logger.info("CAN bus '" + this.config.id() + "' (" + this.interfaceName + ") recovered from bus-off ("
					+ state + ")");
		}
	}

	/**
	 * Refresh what the kernel tells of the interface now and then, and try to restart a
	 * bus-off controller when its back-off allows. On the liveness thread.
	 */
	private void checkController() {
		long now = System.nanoTime();
		if (now - this.nextLinkRefresh >= 0 || this.recovery.isPending()) {
			this.nextLinkRefresh = now + LINK_REFRESH.toNanos();
			CanLinkDetails details = this.transport.linkDetails();
			if (details != null) {
				this.link = details;
				if (details.state() != ControllerState.UNKNOWN) {
					controllerState(details.state());
				}
			}
		}
		if (this.controllerState == ControllerState.BUS_OFF && this.recovery.due(now)) {
			try {
				if (this.transport.restart()) {
					this.restartAttempts.incrementAndGet();
					logger.info("CAN bus '" + this.config.id() + "' (" + this.interfaceName
							+ ") restart requested; next attempt in " + this.recovery.delay());
				}
			}
			catch (IOException | RuntimeException ex) {
				this.restartAttempts.incrementAndGet();
				logger.warn("CAN bus '" + this.config.id() + "' (" + this.interfaceName + ") restart failed: "
						+ ex.getMessage() + "; next attempt in " + this.recovery.delay());
			}
		}
	}

	private void publishLiveness(MessageActivity seen, Message message, Liveness verdict) {
		if (seen.liveness(verdict) && this.settings.publishSignals()) {
			this.publisher.publish(
					this.settings.keys().key(this.config.id(), this.interfaceName, message.getName(), "liveness"),
					verdict.name(), Quality.GOOD, this.config.id());
		}
	}

	private void publish(Dictionary dictionary, MessageActivity target, Message message, Signal signal, Object value,
			Quality quality) {
		if (this.settings.publishSignals()) {
			this.publisher.publish(target.key(signal, this.settings.keys(), this.config.id(), this.interfaceName),
					value, quality, this.config.id());
		}
		ReadingListener current = this.listener;
		Map<String, List<PointConfig>> bySignal = dictionary.pointsBySignal.get(message);
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
			this.transportProtocol.expire(now);
			checkController();
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
					publishLiveness(seen, message, Liveness.MISSING);
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
		send(message, data);
	}

	/**
	 * Fill in the counter and checksum of a message's payload, send it and take it in as
	 * received: what was sent is the message's latest state, and the read-back sees it as
	 * a bus echo would show it.
	 */
	private void send(Message message, byte[] data) {
		if (this.controllerState == ControllerState.BUS_OFF) {
			throw new AdapterException(
					"CAN bus " + this.interfaceName + " is bus-off: " + message.getName() + " not sent");
		}
		if (data.length > 64) {
			throw new AdapterException("Message " + message.getName() + " has " + data.length
					+ " bytes: sending it needs the J1939 transport protocol, which the platform only receives");
		}
		MessageChecks checks = this.dictionary.checks.get(message);
		if (checks != null) {
			checks.fill(message.getFrameId(), data);
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
		handle(new ReceivedFrame(frame, this.transport.busTimeNanos()));
	}

	private void startCyclicSends() {
		Map<Message, Duration> periods = this.dictionary.cyclicPeriods;
		if (periods.isEmpty()) {
			return;
		}
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("canbus-cyclic-" + this.config.id()).daemon().factory());
		periods.forEach((message, period) -> {
			long key = key(message.getFrameId(), message.isExtended());
			sender.scheduleAtFixedRate(() -> sendCyclic(key), 0, period.toNanos(), TimeUnit.NANOSECONDS);
		});
		this.cyclic = sender;
	}

	/**
	 * Send a cyclic message once: the last payload seen or sent, with its configured
	 * signals. Sends nothing while the transport is down or while a signal's state key
	 * has no good value: receivers then see the message stop, which their own liveness
	 * checks take as loss of the sender (the safe state), rather than a stale command.
	 */
	private void sendCyclic(long key) {
		Dictionary current = this.dictionary;
		Message message = current.messagesByKey.get(key);
		if (!this.connected || message == null || !current.cyclicPeriods.containsKey(message)) {
			return;
		}
		String name = message.getName();
		try {
			MessageActivity seen = this.activity.computeIfAbsent(key(message.getFrameId(), message.isExtended()),
					(ignored) -> newActivity(message.getFrameId(), message.isExtended(), message));
			byte[] previous = seen.lastData();
			byte[] data = new byte[message.getLength()];
			System.arraycopy(previous, 0, data, 0, Math.min(previous.length, data.length));
			for (Map.Entry<Signal, String> entry : current.cyclicSignals.getOrDefault(message, Map.of()).entrySet()) {
				Object value = cyclicValue(entry.getValue());
				if (value == null) {
					if (this.heldCyclic.add(name)) {
						logger.warn("Cyclic send of " + name + " on " + this.interfaceName + " stopped: "
								+ entry.getValue() + " has no good value");
					}
					return;
				}
				Signal signal = entry.getKey();
				signal.writeRaw(data, signal.toRaw(PointValue.toSignal(signal, value), true));
			}
			if (this.heldCyclic.remove(name)) {
				logger.info("Cyclic send of " + name + " on " + this.interfaceName + " resumed");
			}
			send(message, data);
		}
		catch (RuntimeException ex) {
			if (this.heldCyclic.add(name)) {
				logger.warn("Cyclic send of " + name + " on " + this.interfaceName + " failed: " + ex.getMessage());
			}
		}
	}

	private @Nullable Object cyclicValue(String spec) {
		if (spec.startsWith("state:")) {
			return this.valueSource.read(spec.substring("state:".length()));
		}
		return Dictionary.fixedValue(spec);
	}

	/**
	 * Return the names of the cyclic messages held back now (a source without a good
	 * value, a failed send).
	 * @return the names
	 */
	public List<String> heldCyclicSends() {
		return List.copyOf(new java.util.TreeSet<>(this.heldCyclic));
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
		// Cyclic sends stop before the transport closes: nothing goes out after shutdown.
		ScheduledExecutorService sender = this.cyclic;
		this.cyclic = null;
		if (sender != null) {
			sender.shutdownNow();
			try {
				sender.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
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
	 * Return how many messages failed their counter or checksum check on their last
	 * frame.
	 * @return the number of messages
	 */
	public int failingMessages() {
		int failing = 0;
		for (MessageActivity seen : this.activity.values()) {
			Liveness liveness = seen.liveness();
			if (liveness != null && liveness != Liveness.OK && liveness != Liveness.MISSING) {
				failing++;
			}
		}
		return failing;
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
				this.unknownFrames.get(), this.livenessViolations.get(), this.counterErrors.get(),
				this.checksumErrors.get(), this.transfersDelivered.get(), this.transfersDropped.get(),
				this.framesSent.get(), staleMessages(), failingMessages(), heldCyclicSends(), this.controllerState,
				this.busOffs.get(), this.restartAttempts.get(), (this.txErrors >= 0) ? this.txErrors : null,
				(this.rxErrors >= 0) ? this.rxErrors : null, this.link,
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
					count, (count > 1 && seconds > 0) ? (count - 1) / seconds : 0, HEX.formatHex(seen.lastData()),
					seen.values(), (seen.cycleTime != null) ? seen.cycleTime.toMillis() : null, seen.isStale()));
		}
		result.sort(java.util.Comparator.comparing(MessageStatistics::frameId));
		return result;
	}

	private record Target(Message message, Signal signal) {

	}

	/** Delivers reassembled J1939 transfers to the decoder. */
	private final class TransferListener implements J1939TransportProtocol.Listener {

		@Override
		public void delivered(J1939TransportProtocol.Transfer transfer) {
			CanbusAdapter.this.transfersDelivered.incrementAndGet();
			CanbusAdapter.this.metrics.transfersDelivered.increment();
			decode(transfer.frameId(), true, transfer.data(), transfer.busTimeNanos(), true);
		}

		@Override
		public void dropped(int pgn, int source, int destination, String reason) {
			CanbusAdapter.this.transfersDropped.incrementAndGet();
			CanbusAdapter.this.metrics.transfersDropped.increment();
			logger.debug("J1939 transfer of PGN " + pgn + " from " + source + " to " + destination + " on "
					+ CanbusAdapter.this.interfaceName + " dropped: " + reason);
		}

	}

	/**
	 * What the loaded databases define for this bus, resolved once: messages by id and
	 * name, the points' signals, the checks and the cyclic sends. Immutable; an upload
	 * replaces it whole.
	 */
	private static final class Dictionary {

		final CanbusSettings settings;

		final Map<Long, Message> messagesByKey = new HashMap<>();

		final Map<String, Message> messagesByName = new HashMap<>();

		/**
		 * Points by message (identity: two DBCs may name different messages alike) and
		 * signal name.
		 */
		final Map<Message, Map<String, List<PointConfig>>> pointsBySignal = new IdentityHashMap<>();

		final Map<String, Target> targets = new HashMap<>();

		final Map<Message, MessageChecks> checks = new IdentityHashMap<>();

		final Map<Message, Duration> cyclicPeriods = new IdentityHashMap<>();

		final Map<Message, Map<Signal, String>> cyclicSignals = new IdentityHashMap<>();

		Dictionary(AdapterConfig config, CanbusSettings settings) {
			this.settings = settings;
			for (Database database : settings.databases()) {
				for (Message message : database.getMessages()) {
					if (database.getMessage(message.getFrameId(), message.isExtended()) == message) {
						this.messagesByKey.putIfAbsent(key(message.getFrameId(), message.isExtended()), message);
					}
					this.messagesByName.putIfAbsent(message.getName(), message);
				}
			}
			for (String name : settings.cycleTimes().keySet()) {
				if (!this.messagesByName.containsKey(name)) {
					throw CanbusSettings.invalid(config, "cycle-times", "no loaded DBC defines message '" + name + "'");
				}
			}
			for (PointConfig point : config.points()) {
				Target target = resolve(point);
				this.targets.put(point.id(), target);
				this.pointsBySignal.computeIfAbsent(target.message(), (message) -> new HashMap<>())
					.computeIfAbsent(target.signal().getName(), (name) -> new ArrayList<>())
					.add(point);
			}
			settings.checks().forEach((name, spec) -> {
				Message message = message(config, (spec.counterSignal() != null) ? "counters" : "checksums", name);
				signal(config, "counters", message, spec.counterSignal());
				signal(config, "checksums", message, spec.checksumSignal());
				this.checks.put(message, new MessageChecks(message, spec));
			});
			settings.cyclicSends()
				.forEach((name, period) -> this.cyclicPeriods.put(message(config, "cyclic-sends", name), period));
			settings.cyclicSignals().forEach((name, value) -> {
				int dot = name.lastIndexOf('.');
				Message message = message(config, "cyclic-signals", name.substring(0, dot));
				if (!this.cyclicPeriods.containsKey(message)) {
					throw CanbusSettings.invalid(config, "cyclic-signals",
							"message '" + message.getName() + "' is not in cyclic-sends");
				}
				Signal signal = signal(config, "cyclic-signals", message, name.substring(dot + 1));
				if (!value.startsWith("state:")) {
					try {
						signal.toRaw(PointValue.toSignal(signal, fixedValue(value)), true);
					}
					catch (CodecException ex) {
						throw CanbusSettings.invalid(config, "cyclic-signals", ex.getMessage());
					}
				}
				this.cyclicSignals.computeIfAbsent(message, (ignored) -> new java.util.LinkedHashMap<>())
					.put(signal, value);
			});
		}

		/** Expect the messages given cycle times in the settings from the start. */
		void expectCycles(CanbusAdapter bus) {
			for (String name : this.settings.cycleTimes().keySet()) {
				Message message = this.messagesByName.get(name);
				bus.activity.computeIfAbsent(key(message.getFrameId(), message.isExtended()),
						(ignored) -> bus.newActivity(message.getFrameId(), message.isExtended(), message));
			}
		}

		/**
		 * A message by name, or by id ({@code 0x116}) where two DBCs name different
		 * messages alike.
		 */
		private Message message(AdapterConfig config, String setting, String name) {
			Message message = byIdOrName(name);
			if (message == null) {
				throw CanbusSettings.invalid(config, setting, "no loaded DBC defines message '" + name + "'");
			}
			return message;
		}

		private static @Nullable Signal signal(AdapterConfig config, String setting, Message message,
				@Nullable String name) {
			if (name == null) {
				return null;
			}
			Signal signal = message.getSignal(name);
			if (signal == null) {
				throw CanbusSettings.invalid(config, setting,
						"message '" + message.getName() + "' has no signal '" + name + "'");
			}
			return signal;
		}

		/**
		 * A fixed value of the settings: a whole number, a number, a boolean, or a choice
		 * name.
		 */
		static Object fixedValue(String text) {
			try {
				return Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				// not a whole number
			}
			try {
				return Double.parseDouble(text);
			}
			catch (NumberFormatException ex) {
				// not a number
			}
			if (text.equals("true") || text.equals("false")) {
				return Boolean.parseBoolean(text);
			}
			return text;
		}

		private @Nullable Message byIdOrName(String name) {
			if (name.startsWith("0x") || name.startsWith("0X")) {
				try {
					long id = Long.parseLong(name.substring(2), 16);
					return this.messagesByKey.get(key(id, id > 0x7FF));
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			return this.messagesByName.get(name);
		}

		/** The message of a frame id: exact, else (29-bit ids) by J1939 PGN. */
		@Nullable Message match(long frameId, boolean extended) {
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

		/**
		 * Find the signal of a point address: {@code MESSAGE.SIGNAL} (the first loaded
		 * database that has a message of that name) or {@code 0x116.SIGNAL} (by frame id;
		 * ids above 0x7FF are extended).
		 */
		Target resolve(PointConfig point) {
			String address = point.address();
			int dot = address.lastIndexOf('.');
			Message message = (dot > 0) ? byIdOrName(address.substring(0, dot)) : null;
			Signal signal = (message != null) ? message.getSignal(address.substring(dot + 1)) : null;
			if (signal == null) {
				throw new AdapterConfigurationException("Point '" + point.id() + "' address '" + address
						+ "' names no signal of the loaded DBC databases (expected MESSAGE.SIGNAL or 0xID.SIGNAL)");
			}
			return new Target(message, signal);
		}

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
	 * @param counterErrors frames whose rolling counter repeated or skipped
	 * @param checksumErrors frames whose checksum failed
	 * @param transfersReassembled J1939 transport protocol transfers reassembled
	 * @param transfersDropped J1939 transfers dropped (aborted, timed out, out of
	 * sequence)
	 * @param framesSent frames sent
	 * @param staleMessages messages missing now
	 * @param failingMessages messages whose last frame failed its counter or checksum
	 * check
	 * @param heldCyclicSends cyclic messages held back now
	 * @param controllerState the controller state from error frames and the kernel
	 * @param busOffs times the controller went bus-off
	 * @param restartAttempts restarts tried after bus-off
	 * @param txErrors the transmit error counter, or {@code null} if not known
	 * @param rxErrors the receive error counter, or {@code null}
	 * @param link what the kernel tells of the interface (bitrate, state, counters), or
	 * {@code null} for transports without a kernel interface
	 * @param framesPerSecond frames per second of bus time
	 * @param bitsPerSecond bits per second of bus time, without stuffing bits
	 */
	public record BusStatistics(String adapter, String interfaceName, String transport, boolean connected,
			@Nullable String lastError, long frames, long errorFrames, long decodeErrors, long unknownFrames,
			long livenessViolations, long counterErrors, long checksumErrors, long transfersReassembled,
			long transfersDropped, long framesSent, int staleMessages, int failingMessages,
			List<String> heldCyclicSends, ControllerState controllerState, long busOffs, long restartAttempts,
			@Nullable Integer txErrors, @Nullable Integer rxErrors, @Nullable CanLinkDetails link,
			double framesPerSecond, double bitsPerSecond) {

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
