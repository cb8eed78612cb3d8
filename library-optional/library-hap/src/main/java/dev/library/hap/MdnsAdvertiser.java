package dev.library.hap;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.hapjava.server.impl.crypto.HAPSetupCodeUtils;
import io.github.hapjava.server.impl.jmdns.JmdnsHomekitAdvertiser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

/**
 * The bridge's mDNS advertisement ({@code _hap._tcp}) in place of hap-java's advertiser,
 * made non-fatal and observable. When JmDNS cannot start or register (no multicast, a
 * container without host networking) the bridge still serves controllers that know its
 * address, and the failure shows in {@code GET /hap/info} and health. Every JmDNS call
 * (registration waits for its probes, about a second and a half) runs on a thread of its
 * own, in order, never on a HAP connection's thread: hap-java re-registers the service
 * when the first paired controller makes a request ({@code sf} 1 to 0) and when the
 * configuration number changes.
 *
 * @author Library
 */
final class MdnsAdvertiser extends JmdnsHomekitAdvertiser {

	static final String SERVICE_TYPE = "_hap._tcp.local.";

	private static final Log logger = LogFactory.getLog(MdnsAdvertiser.class);

	private final @Nullable JmDNS jmdns;

	private final @Nullable ExecutorService worker;

	private volatile State state;

	private volatile @Nullable String error;

	private volatile Map<String, String> txt = Map.of();

	private boolean advertising;

	private boolean discoverable = true;

	private String label = "";

	private String mac = "";

	private String setupId = "";

	private int category;

	private int port;

	private int configurationIndex = 1;

	private @Nullable ServiceInfo registered;

	private MdnsAdvertiser(@Nullable JmDNS jmdns, State state, @Nullable String error) {
		super((JmDNS) null);
		this.jmdns = jmdns;
		this.state = state;
		this.error = error;
		this.worker = (jmdns != null) ? Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "hap-mdns");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	/**
	 * Create the advertiser, starting JmDNS on the chosen address.
	 * @param enabled whether to advertise at all
	 * @param networkInterface the interface name or address to advertise on, or
	 * {@code null}
	 * @param address the HAP server's bind address, or {@code null}
	 * @return the advertiser, {@code FAILED} if JmDNS could not start
	 */
	static MdnsAdvertiser create(boolean enabled, @Nullable String networkInterface, @Nullable InetAddress address) {
		if (!enabled) {
			return new MdnsAdvertiser(null, State.DISABLED, null);
		}
		try {
			InetAddress chosen = chooseAddress(networkInterface, address);
			JmDNS jmdns = (chosen != null) ? JmDNS.create(chosen) : JmDNS.create();
			return new MdnsAdvertiser(jmdns, State.STARTING, null);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("mDNS unavailable, the Home app will not find the bridge by itself: " + ex.getMessage());
			return new MdnsAdvertiser(null, State.FAILED, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * Choose the address JmDNS binds to: the configured interface (by name, or one of its
	 * addresses), else the HAP server's bind address, else the first IPv4 address of an
	 * up, multicast-capable, non-loopback interface (JmDNS alone may pick an IPv6 or a
	 * loopback address, which many browsers never see).
	 */
	static @Nullable InetAddress chooseAddress(@Nullable String networkInterface, @Nullable InetAddress address)
			throws IOException {
		if (networkInterface != null && !networkInterface.isBlank()) {
			NetworkInterface named = NetworkInterface.getByName(networkInterface.trim());
			if (named != null) {
				InetAddress found = preferIpv4(named);
				if (found == null) {
					throw new IOException("Interface '" + networkInterface + "' has no address");
				}
				return found;
			}
			return local(InetAddress.getByName(networkInterface.trim()));
		}
		if (address != null && !address.isAnyLocalAddress()) {
			return local(address);
		}
		for (NetworkInterface candidate : interfaces()) {
			if (candidate.isUp() && candidate.supportsMulticast() && !candidate.isLoopback()
					&& !candidate.isVirtual()) {
				InetAddress found = preferIpv4(candidate);
				if (found instanceof Inet4Address) {
					return found;
				}
			}
		}
		return null;
	}

	// JmDNS starts on any address, local or not, and then answers nobody
	private static InetAddress local(InetAddress address) throws IOException {
		if (NetworkInterface.getByInetAddress(address) == null) {
			throw new IOException(address.getHostAddress() + " is not an address of this machine's interfaces");
		}
		return address;
	}

	private static Iterable<NetworkInterface> interfaces() throws SocketException {
		Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
		return (all != null) ? Collections.list(all) : java.util.List.of();
	}

	private static @Nullable InetAddress preferIpv4(NetworkInterface networkInterface) {
		InetAddress other = null;
		for (InetAddress candidate : Collections.list(networkInterface.getInetAddresses())) {
			if (candidate instanceof Inet4Address) {
				return candidate;
			}
			if (other == null) {
				other = candidate;
			}
		}
		return other;
	}

	@Override
	public synchronized void advertise(String label, int category, String mac, int port, int configurationIndex,
			String setupId) {
		this.label = label;
		this.category = category;
		this.mac = mac;
		this.port = port;
		this.configurationIndex = configurationIndex;
		this.setupId = setupId;
		this.advertising = true;
		register();
	}

	@Override
	public synchronized void setDiscoverable(boolean discoverable) {
		if (this.discoverable != discoverable) {
			this.discoverable = discoverable;
			reregister();
		}
	}

	@Override
	public synchronized void setMac(String mac) {
		if (!mac.equals(this.mac)) {
			this.mac = mac;
			reregister();
		}
	}

	@Override
	public synchronized void setConfigurationIndex(int configurationIndex) {
		if (this.configurationIndex != configurationIndex) {
			this.configurationIndex = configurationIndex;
			reregister();
		}
	}

	@Override
	public synchronized void stop() {
		JmDNS jmdns = this.jmdns;
		ExecutorService worker = this.worker;
		this.advertising = false;
		if (jmdns == null || worker == null) {
			return;
		}
		if (this.state != State.FAILED) {
			this.state = State.STOPPED;
		}
		// Closing sends goodbye packets and waits: not on the shutdown path
		worker.execute(() -> {
			try {
				jmdns.close();
			}
			catch (IOException ex) {
				logger.debug("JmDNS did not close cleanly", ex);
			}
		});
		worker.shutdown();
	}

	private void reregister() {
		if (this.advertising) {
			register();
		}
	}

	// Called with the lock held; the JmDNS work itself runs on the worker, in order
	private void register() {
		JmDNS jmdns = this.jmdns;
		ExecutorService worker = this.worker;
		if (jmdns == null || worker == null || !this.advertising) {
			return;
		}
		Map<String, String> txt = new LinkedHashMap<>();
		txt.put("c#", Integer.toString(this.configurationIndex));
		txt.put("ff", "0");
		txt.put("id", this.mac);
		txt.put("md", this.label);
		txt.put("pv", "1.1");
		txt.put("s#", "1");
		txt.put("sf", this.discoverable ? "1" : "0");
		txt.put("ci", Integer.toString(this.category));
		txt.put("sh", HAPSetupCodeUtils.generateSHA512Hash(this.setupId + this.mac));
		Map<String, String> advertised = Collections.unmodifiableMap(txt);
		String label = this.label;
		int port = this.port;
		worker.execute(() -> {
			try {
				ServiceInfo previous = this.registered;
				if (previous != null) {
					jmdns.unregisterService(previous);
					this.registered = null;
				}
				ServiceInfo info = ServiceInfo.create(SERVICE_TYPE, label, port, 1, 1, advertised);
				jmdns.registerService(info);
				this.registered = info;
				this.txt = advertised;
				this.error = null;
				if (this.state != State.ADVERTISING) {
					logger.info("HomeKit bridge '" + label + "' advertised over mDNS on " + jmdns.getInetAddress()
							+ " port " + port);
				}
				this.state = State.ADVERTISING;
			}
			catch (IOException | RuntimeException ex) {
				this.state = State.FAILED;
				this.error = String.valueOf(ex.getMessage());
				logger.warn("HomeKit bridge not advertised over mDNS: " + ex.getMessage());
			}
		});
	}

	State state() {
		return this.state;
	}

	@Nullable String error() {
		return this.error;
	}

	/**
	 * Return the address JmDNS answers on.
	 * @return the address, or {@code null} when not started
	 */
	@Nullable InetAddress address() {
		JmDNS jmdns = this.jmdns;
		try {
			return (jmdns != null) ? jmdns.getInetAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Return the name of the interface JmDNS answers on.
	 * @return the name, or {@code null} when not started or not known
	 */
	@Nullable String interfaceName() {
		InetAddress address = address();
		try {
			NetworkInterface found = (address != null) ? NetworkInterface.getByInetAddress(address) : null;
			return (found != null) ? found.getName() : null;
		}
		catch (SocketException ex) {
			return null;
		}
	}

	/**
	 * Return the TXT record of the registered service.
	 * @return the keys and values, empty while not registered
	 */
	Map<String, String> txt() {
		return (this.state == State.ADVERTISING) ? this.txt : Map.of();
	}

	/**
	 * State of the advertisement.
	 */
	enum State {

		/**
		 * Turned off by {@code library.hap.mdns=false}.
		 */
		DISABLED,

		/**
		 * Registering.
		 */
		STARTING,

		/**
		 * Advertised.
		 */
		ADVERTISING,

		/**
		 * JmDNS could not start or register; see the error.
		 */
		FAILED,

		/**
		 * Stopped with the bridge.
		 */
		STOPPED

	}

}
