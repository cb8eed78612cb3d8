package dev.library.hap;

import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import io.github.hapjava.server.HomekitAccessoryCategories;
import io.github.hapjava.server.HomekitAuthInfo;
import io.github.hapjava.server.HomekitWebHandler;
import io.github.hapjava.server.impl.HomekitBridge;
import io.github.hapjava.server.impl.HomekitRoot;
import io.github.hapjava.server.impl.jmdns.JmdnsHomekitAdvertiser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The HomeKit bridge: hap-java's HAP server with one bridge accessory and the configured
 * accessories, its pairing data in the {@link HapPairingStore}, its mDNS advertisement.
 * Started and stopped as the {@code hap} component.
 *
 * @author Library
 */
public class HapBridge implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.optional("hap")
		.description("HomeKit bridge for relays, valves, pumps and sensors")
		.dependsOn("state")
		.dependsOn("adapters")
		.dependsOn("secrets")
		// Applied by HapReloader: accessories added, changed or removed on a reload
		.reloadableProperties("library.hap.accessories")
		.build();

	private static final Log logger = LogFactory.getLog(HapBridge.class);

	private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final Settings settings;

	private volatile List<AccessoryDefinition> definitions;

	private final HapPairingStore pairing;

	private final SourceValues values;

	private final PointCommands commands;

	private final Counter events;

	private final Clock clock;

	private volatile @Nullable Running running;

	private volatile @Nullable String failure;

	/**
	 * Create the bridge.
	 * @param settings the server settings
	 * @param definitions the accessories
	 * @param pairing the pairing data
	 * @param values the values behind the accessories
	 * @param commands the command path of writes
	 * @param meters where the meters go
	 * @param clock the clock of valve durations
	 */
	HapBridge(Settings settings, List<AccessoryDefinition> definitions, HapPairingStore pairing, SourceValues values,
			PointCommands commands, MeterRegistry meters, Clock clock) {
		this.settings = settings;
		this.definitions = List.copyOf(definitions);
		this.pairing = pairing;
		this.values = values;
		this.commands = commands;
		this.clock = clock;
		this.events = Counter.builder("library.hap.events")
			.description("Characteristic changes pushed to subscribed HomeKit controllers")
			.baseUnit("events")
			.register(meters);
		Gauge.builder("library.hap.controllers", this, (bridge) -> bridge.pairing.controllers().size())
			.description("HomeKit controllers paired with the bridge")
			.baseUnit("controllers")
			.register(meters);
		Gauge.builder("library.hap.accessories", this, (bridge) -> bridge.definitions.size())
			.description("Accessories behind the bridge")
			.baseUnit("accessories")
			.register(meters);
		Gauge.builder("library.hap.running", this, (bridge) -> (bridge.running != null) ? 1 : 0)
			.description("Whether the HAP server is serving controllers")
			.register(meters);
	}

	/**
	 * Create the bridge.
	 * @param settings the server settings
	 * @param definitions the accessories
	 * @param pairing the pairing data
	 * @param services what the accessories read and write
	 * @param meters where the meters go
	 * @param clock the clock of valve durations
	 * @return the bridge
	 */
	public static HapBridge create(Settings settings, List<AccessoryDefinition> definitions, HapPairingStore pairing,
			HapServices services, MeterRegistry meters, Clock clock) {
		SourceValues values = new SourceValues(services.store(), services.alarms(), services.alarmEvents(),
				keys(definitions), alarms(definitions));
		PointCommands commands = new PointCommands(services.executor(), services.supervisors(), settings.writeTimeout(),
				meters);
		return new HapBridge(settings, definitions, pairing, values, commands, meters, clock);
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public synchronized void start() throws Exception {
		if (this.running != null) {
			return;
		}
		try {
			checkReplacements();
			this.pairing.load(layout(this.definitions));
			this.values.start();
			ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "hap-valve-timers");
				thread.setDaemon(true);
				return thread;
			});
			AccessoryFactory factory = new AccessoryFactory(this.values, this.commands, timers, this.events,
					this.clock);
			InetAddress address = (this.settings.address() != null) ? InetAddress.getByName(this.settings.address())
					: null;
			ControllerAwareWebHandler web = new ControllerAwareWebHandler(address, this.settings.port(),
					Math.max(2, Runtime.getRuntime().availableProcessors()));
			MdnsAdvertiser advertiser = MdnsAdvertiser.create(this.settings.mdns(), this.settings.mdnsInterface(),
					address);
			HomekitRoot root = newRoot(this.settings.name(), web, this.pairing, advertiser);
			root.addAccessory(new HomekitBridge(this.settings.name(), "library-bridge", "Library HAP bridge", "Library",
					"0.1.0", "1"));
			Map<String, HapAccessory> accessories = new ConcurrentHashMap<>();
			for (AccessoryDefinition definition : this.definitions) {
				HapAccessory accessory = factory.create(definition);
				accessories.put(definition.id(), accessory);
				root.addAccessory(accessory);
			}
			root.setConfigurationIndex(this.pairing.configurationIndex());
			root.start();
			int port = web.bound().get(30, TimeUnit.SECONDS);
			// Adapter health has no change events: look at it for the Status Fault of
			// subscribed controllers
			timers.scheduleWithFixedDelay(() -> accessories.values().forEach(HapAccessory::checkFault),
					HEALTH_CHECK_INTERVAL.toMillis(), HEALTH_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
			this.running = new Running(root, web, advertiser, timers, factory, accessories, port);
			this.failure = null;
			logger.info("HomeKit bridge '" + this.settings.name() + "' serving " + this.definitions.size()
					+ " accessories on port " + port);
		}
		catch (Exception ex) {
			this.failure = String.valueOf(ex.getMessage());
			this.values.stop();
			throw ex;
		}
	}

	@Override
	public synchronized void stop() {
		Running running = this.running;
		this.running = null;
		this.values.stop();
		if (running != null) {
			running.root.stop();
			running.timers.shutdownNow();
			running.accessories.values().forEach(HapAccessory::release);
		}
	}

	/**
	 * Bring the accessories in line with a new configuration without a restart: an
	 * accessory whose id is gone is removed, a new id is added, a changed one is made
	 * again under the same aid, an unchanged one is left alone (so controllers keep its
	 * room and scenes). When the accessory set changes the configuration number goes up,
	 * in the pairing data and in the mDNS advertisement, so that controllers read the
	 * accessories again.
	 * @param next the accessories, checked
	 * @throws Exception if the pairing data cannot be written
	 */
	public synchronized void reload(List<AccessoryDefinition> next) throws Exception {
		List<AccessoryDefinition> definitions = List.copyOf(next);
		Running running = this.running;
		if (running == null) {
			// Taken at the next start
			this.definitions = definitions;
			this.values.follow(keys(definitions), alarms(definitions));
			return;
		}
		Map<String, AccessoryDefinition> byId = new HashMap<>();
		definitions.forEach((definition) -> byId.put(definition.id(), definition));
		List<String> removed = new ArrayList<>();
		List<String> added = new ArrayList<>();
		running.root.batchUpdate();
		try {
			for (HapAccessory accessory : List.copyOf(running.accessories.values())) {
				AccessoryDefinition wanted = byId.get(accessory.definition().id());
				if (!accessory.definition().equals(wanted)) {
					running.root.removeAccessory(accessory);
					running.accessories.remove(accessory.definition().id());
					accessory.release();
					removed.add(accessory.definition().id());
				}
			}
			for (AccessoryDefinition definition : definitions) {
				if (!running.accessories.containsKey(definition.id())) {
					HapAccessory accessory = running.factory.create(definition);
					running.accessories.put(definition.id(), accessory);
					running.root.addAccessory(accessory);
					added.add(definition.id());
				}
			}
		}
		finally {
			running.root.completeUpdateBatch();
		}
		this.values.follow(keys(definitions), alarms(definitions));
		int configurationNumber;
		try {
			configurationNumber = this.pairing.updateLayout(layout(definitions));
			running.root.setConfigurationIndex(configurationNumber);
		}
		finally {
			// What the bridge serves, shown once the configuration number is the new one
			this.definitions = definitions;
		}
		if (!removed.isEmpty() || !added.isEmpty()) {
			logger.info("HomeKit accessories reloaded: removed " + removed + ", added " + added
					+ "; configuration number " + configurationNumber);
		}
	}

	/**
	 * Forget every paired controller, take a new identity and close the open connections;
	 * the bridge can then be paired again with its setup code.
	 * @throws Exception if the pairing data cannot be written
	 */
	public synchronized void resetPairings() throws Exception {
		this.pairing.reset();
		Running running = this.running;
		if (running != null) {
			running.web.resetConnections();
			running.root.setConfigurationIndex(this.pairing.configurationIndex());
			running.root.refreshAuthInfo();
		}
	}

	/**
	 * Return the bridge's state for {@code GET /hap/info}.
	 * @return the state
	 */
	public Info info() {
		Running running = this.running;
		boolean loaded = this.pairing.failure() == null && running != null;
		return new Info(this.settings.name(), running != null, (running != null) ? running.port : null,
				loaded ? this.pairing.getPin() : null,
				loaded ? this.pairing.setupUri(HomekitAccessoryCategories.BRIDGES) : null,
				loaded ? this.pairing.getMac() : null, (running != null) ? this.pairing.configurationIndex() : null,
				this.pairing.controllers().stream().map((c) -> new ControllerInfo(c.username(), c.admin())).toList(),
				mdnsInfo(running),
				this.definitions.stream()
					.map((d) -> new AccessoryInfo(d.id(), d.aid(), d.name(), d.type().name(), d.source().describe()))
					.toList(),
				(this.failure != null) ? this.failure : this.pairing.failure());
	}

	private MdnsInfo mdnsInfo(@Nullable Running running) {
		if (running == null) {
			return new MdnsInfo(this.settings.mdns() ? "STOPPED" : "DISABLED", false, null, null, null, Map.of(), null);
		}
		MdnsAdvertiser advertiser = running.advertiser;
		MdnsAdvertiser.State state = advertiser.state();
		InetAddress address = advertiser.address();
		String where = (address != null) ? address.getHostAddress() : null;
		return new MdnsInfo(state.name(), state == MdnsAdvertiser.State.ADVERTISING,
				(state != MdnsAdvertiser.State.DISABLED) ? MdnsAdvertiser.SERVICE_TYPE : null,
				advertiser.interfaceName(), where, advertiser.txt(), advertiser.error());
	}

	private static Set<String> keys(List<AccessoryDefinition> definitions) {
		return definitions.stream()
			.map((definition) -> definition.source().stateKey())
			.filter((key) -> key != null)
			.collect(Collectors.toSet());
	}

	private static Set<String> alarms(List<AccessoryDefinition> definitions) {
		return definitions.stream()
			.map((definition) -> definition.source().alarm())
			.filter((alarm) -> alarm != null)
			.collect(Collectors.toSet());
	}

	private static String layout(List<AccessoryDefinition> definitions) {
		Set<String> entries = new TreeSet<>();
		for (AccessoryDefinition definition : definitions) {
			entries.add(definition.aid() + ":" + definition.type());
		}
		return String.join(",", entries);
	}

	/**
	 * Make sure library-hap's replacements of hap-java classes are the ones loaded: the
	 * ChaCha20-Poly1305 classes (hap-java's tags are wrong with current Bouncy Castle)
	 * and the SRP handler (hap-java's proofs drop leading zero bytes).
	 */
	private static void checkReplacements() throws Exception {
		checkCipher();
		checkSrpHandler();
	}

	private static void checkSrpHandler() throws ClassNotFoundException {
		Class<?> handler = Class.forName("io.github.hapjava.server.impl.pairing.SrpHandler");
		boolean padded = Arrays.stream(handler.getDeclaredMethods())
			.anyMatch((method) -> method.getName().equals("padded"));
		if (!padded) {
			throw new IllegalStateException("hap-java's own SRP pair-setup handler was loaded in place of "
					+ "library-hap's: about one pair setup in 64 would fail. Put library-hap before "
					+ "io.github.hap-java:hap on the class path");
		}
	}

	private static void checkCipher() throws Exception {
		byte[] key = new byte[32];
		byte[] nonce = "PV-Msg02".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] message = "HomeKit".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] hap = new io.github.hapjava.server.impl.crypto.ChachaEncoder(key, nonce).encodeCiphertext(message);
		javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("ChaCha20-Poly1305");
		byte[] iv = new byte[12];
		System.arraycopy(nonce, 0, iv, 4, 8);
		jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "ChaCha20"),
				new javax.crypto.spec.IvParameterSpec(iv));
		if (!java.util.Arrays.equals(hap, jdk.doFinal(message))) {
			throw new IllegalStateException("hap-java's own ChaCha20-Poly1305 classes were loaded in place of "
					+ "library-hap's: no controller could pair. Put library-hap before io.github.hap-java:hap on "
					+ "the class path");
		}
	}

	// hap-java 2.0.5 builds a bridge only around its own HTTP server and advertiser; the
	// constructor that takes both is package-private. Ours tell who each controller is
	// and
	// keep an mDNS failure from stopping the bridge.
	private static HomekitRoot newRoot(String label, HomekitWebHandler web, HomekitAuthInfo authInfo,
			JmdnsHomekitAdvertiser advertiser) throws ReflectiveOperationException {
		Constructor<HomekitRoot> constructor = HomekitRoot.class.getDeclaredConstructor(String.class, int.class,
				HomekitWebHandler.class, HomekitAuthInfo.class, JmdnsHomekitAdvertiser.class);
		constructor.setAccessible(true);
		return constructor.newInstance(label, HomekitAccessoryCategories.BRIDGES, web, authInfo, advertiser);
	}

	/**
	 * Server settings of the bridge.
	 *
	 * @param name the bridge's name
	 * @param address the bind address, or {@code null} for all interfaces
	 * @param port the port, 0 for a free one
	 * @param mdns whether to advertise over mDNS
	 * @param mdnsInterface the interface (name or address) to advertise on, or
	 * {@code null} for the bind address or the first multicast-capable interface
	 * @param writeTimeout how long a write may wait for its command
	 */
	public record Settings(String name, @Nullable String address, int port, boolean mdns,
			@Nullable String mdnsInterface, Duration writeTimeout) {

	}

	/**
	 * What the bridge's accessories read and write.
	 *
	 * @param store the state store
	 * @param supervisors the devices and points
	 * @param executor the command path
	 * @param alarms the alarm engine, or {@code null}
	 * @param alarmEvents the alarm transitions, or {@code null}
	 */
	public record HapServices(dev.library.state.StateStore store, dev.library.adapters.AdapterSupervisors supervisors,
			dev.library.adapters.command.CommandExecutor executor,
			dev.library.observability.alarm.@Nullable AlarmEngine alarms,
			dev.library.observability.alarm.@Nullable AlarmEventPublisher alarmEvents) {

	}

	/**
	 * The bridge's state.
	 *
	 * @param name the bridge's name
	 * @param running whether the HAP server is serving
	 * @param port the port it listens on, or {@code null}
	 * @param setupCode the setup code entered in the Home app, or {@code null}
	 * @param setupUri the setup URI to show as a QR code, or {@code null}
	 * @param deviceId the advertised device id, or {@code null}
	 * @param configurationNumber the configuration number, or {@code null}
	 * @param controllers the paired controllers
	 * @param mdns the mDNS advertisement
	 * @param accessories the accessories
	 * @param error why the bridge or its pairing data is not working, or {@code null}
	 */
	public record Info(String name, boolean running, @Nullable Integer port, @Nullable String setupCode,
			@Nullable String setupUri, @Nullable String deviceId, @Nullable Integer configurationNumber,
			List<ControllerInfo> controllers, MdnsInfo mdns, List<AccessoryInfo> accessories, @Nullable String error) {

	}

	/**
	 * A paired controller.
	 *
	 * @param id its pairing id
	 * @param admin whether it may add and remove pairings
	 */
	public record ControllerInfo(String id, boolean admin) {

	}

	/**
	 * The mDNS advertisement.
	 *
	 * @param state {@code DISABLED}, {@code STARTING}, {@code ADVERTISING},
	 * {@code FAILED} or {@code STOPPED}
	 * @param advertised whether the service is registered and answered for now
	 * @param serviceType the DNS-SD service type, {@code _hap._tcp.local.}, or
	 * {@code null} when not started
	 * @param networkInterface the interface the responder answers on, or {@code null}
	 * @param address the address the responder answers on (and advertises), or
	 * {@code null}
	 * @param txt the TXT record advertised ({@code c#}, {@code id}, {@code md},
	 * {@code s#}, {@code sf}, {@code ci}, {@code pv}, {@code ff}, {@code sh}), empty when
	 * not advertised
	 * @param error why it failed, or {@code null}
	 */
	public record MdnsInfo(String state, boolean advertised, @Nullable String serviceType,
			@Nullable String networkInterface, @Nullable String address, Map<String, String> txt,
			@Nullable String error) {

	}

	/**
	 * An accessory.
	 *
	 * @param id the configured id
	 * @param aid the HomeKit accessory id
	 * @param name the name
	 * @param type the type
	 * @param source what stands behind it
	 */
	public record AccessoryInfo(String id, int aid, String name, String type, String source) {

	}

	private record Running(HomekitRoot root, ControllerAwareWebHandler web, MdnsAdvertiser advertiser,
			ScheduledExecutorService timers, AccessoryFactory factory, Map<String, HapAccessory> accessories,
			int port) {

	}

}
