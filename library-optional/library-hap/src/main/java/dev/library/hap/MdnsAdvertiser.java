package dev.library.hap;

import java.io.IOException;
import java.net.InetAddress;

import io.github.hapjava.server.impl.jmdns.JmdnsHomekitAdvertiser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import javax.jmdns.JmDNS;

/**
 * hap-java's mDNS advertiser, made non-fatal and observable: when JmDNS cannot start or
 * register (no multicast, a container without host networking) the bridge still serves
 * controllers that know its address, and the failure shows in {@code GET /hap/info} and
 * health. Registration runs on a thread of its own, since JmDNS waits for its probes.
 *
 * @author Library
 */
final class MdnsAdvertiser extends JmdnsHomekitAdvertiser {

	private static final Log logger = LogFactory.getLog(MdnsAdvertiser.class);

	private final @Nullable JmDNS jmdns;

	private volatile State state;

	private volatile @Nullable String error;

	private MdnsAdvertiser(@Nullable JmDNS jmdns, State state, @Nullable String error) {
		super(jmdns);
		this.jmdns = jmdns;
		this.state = state;
		this.error = error;
	}

	static MdnsAdvertiser create(boolean enabled, @Nullable InetAddress address) {
		if (!enabled) {
			return new MdnsAdvertiser(null, State.DISABLED, null);
		}
		try {
			JmDNS jmdns = (address != null) ? JmDNS.create(address) : JmDNS.create();
			return new MdnsAdvertiser(jmdns, State.STARTING, null);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("mDNS unavailable, the Home app will not find the bridge by itself: " + ex.getMessage());
			return new MdnsAdvertiser(null, State.FAILED, String.valueOf(ex.getMessage()));
		}
	}

	@Override
	public void advertise(String label, int category, String mac, int port, int configurationIndex, String setupId) {
		if (this.jmdns == null) {
			return;
		}
		Thread thread = new Thread(() -> {
			try {
				super.advertise(label, category, mac, port, configurationIndex, setupId);
				this.state = State.ADVERTISING;
				logger.info("HomeKit bridge '" + label + "' advertised over mDNS on port " + port);
			}
			catch (Exception ex) {
				this.state = State.FAILED;
				this.error = String.valueOf(ex.getMessage());
				logger.warn("HomeKit bridge not advertised over mDNS: " + ex.getMessage());
			}
		}, "hap-mdns");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public synchronized void stop() {
		super.stop();
		JmDNS jmdns = this.jmdns;
		if (jmdns != null && this.state != State.FAILED) {
			this.state = State.STOPPED;
			// Closing sends goodbye packets and waits: not on the shutdown path
			Thread closer = new Thread(() -> {
				try {
					jmdns.close();
				}
				catch (IOException ex) {
					logger.debug("JmDNS did not close cleanly", ex);
				}
			}, "hap-mdns-close");
			closer.setDaemon(true);
			closer.start();
		}
	}

	State state() {
		return this.state;
	}

	@Nullable String error() {
		return this.error;
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
