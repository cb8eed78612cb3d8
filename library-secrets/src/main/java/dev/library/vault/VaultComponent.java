package dev.library.vault;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.vault.core.VaultSysOperations;
import org.springframework.vault.support.VaultHealth;

/**
 * The {@code vault} component: connects to Vault at start (log in, then
 * {@code sys/health}), and while it cannot, tries again with exponential back-off and
 * reports itself degraded, so readiness says DOWN; start-up is not held up. Once
 * connected, it starts the leases of dynamic database credentials, and every check
 * interval renews the session token when due and asks {@code sys/health} again, so an
 * outage is noticed (and the {@code library.vault.reachable} state key written) without
 * waiting for a secret to be read. It reports degraded again when Vault has been
 * unreachable longer than the cache grace period. Everything runs on one daemon thread of
 * its own.
 *
 * @author Library
 */
public class VaultComponent implements LibraryComponent {

	/**
	 * The component's descriptor.
	 */
	public static final ComponentDescriptor DESCRIPTOR = ComponentDescriptor.mandatory("vault")
		.description("HashiCorp Vault: session token, KV v2 secrets, leased database credentials")
		.dependsOn("config", "state")
		.build();

	private static final Logger logger = LoggerFactory.getLogger(VaultComponent.class);

	private final VaultManager manager;

	private final VaultSysOperations sys;

	private final VaultReachability reachability;

	private final @Nullable VaultDatabaseCredentials credentials;

	private final Duration checkInterval;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Supplier<@Nullable ComponentRegistry> components;

	private volatile boolean connected;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Create the component.
	 * @param manager the session token's owner
	 * @param sys Vault's system operations, for {@code sys/health}
	 * @param reachability told whether Vault answers
	 * @param credentials the leased database credentials, or {@code null} when none are
	 * configured
	 * @param checkInterval how often the token and Vault's health are checked once
	 * connected
	 * @param initialBackoff the wait before the second attempt to connect, doubled at
	 * each failure
	 * @param maxBackoff the longest wait between attempts
	 * @param components gives the registry told when Vault goes and comes back (looked up
	 * when needed: the registry holds this component)
	 */
	public VaultComponent(VaultManager manager, VaultSysOperations sys, VaultReachability reachability,
			@Nullable VaultDatabaseCredentials credentials, Duration checkInterval, Duration initialBackoff,
			Duration maxBackoff, Supplier<@Nullable ComponentRegistry> components) {
		this.manager = manager;
		this.sys = sys;
		this.reachability = reachability;
		this.credentials = credentials;
		this.checkInterval = checkInterval;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.components = components;
	}

	@Override
	public ComponentDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("library-vault").factory());
		this.scheduler = started;
		started.execute(() -> connect(this.initialBackoff));
	}

	/**
	 * Whether the component has connected to Vault since it started.
	 * @return whether it connected
	 */
	public boolean isConnected() {
		return this.connected;
	}

	private void connect(Duration nextWait) {
		try {
			this.manager.getSessionToken();
			VaultHealth health = this.sys.health();
			if (health.isSealed() || !health.isInitialized()) {
				throw new IllegalStateException("Vault is " + (health.isSealed() ? "sealed" : "not initialized"));
			}
		}
		catch (RuntimeException ex) {
			String reason = describe(ex);
			this.reachability.unreachable(reason);
			logger.warn("Vault at {} cannot be used yet ({}); retrying in {}", this.manager.address(), reason,
					nextWait);
			degraded("Vault at " + this.manager.address() + " cannot be used yet (" + reason + "); retrying in "
					+ nextWait);
			schedule(() -> connect(min(nextWait.multipliedBy(2), this.maxBackoff)), nextWait);
			return;
		}
		this.reachability.reachable();
		logger.info("Connected to Vault at {}", this.manager.address());
		recovered();
		// Last: the health turns UP only once the component reports itself running.
		this.connected = true;
		if (this.credentials != null) {
			try {
				this.credentials.start();
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot start the Vault database credential leases: {}", describe(ex));
			}
		}
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			long interval = Math.max(1, this.checkInterval.toMillis());
			running.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Renew the token when due and ask Vault's health. Runs on the component's thread.
	 */
	void check() {
		try {
			this.manager.renewIfDue();
			VaultHealth health = this.sys.health();
			if (health.isSealed()) {
				this.reachability.unreachable("sealed");
			}
			else {
				this.reachability.reachable();
			}
		}
		catch (RuntimeException ex) {
			if (VaultFailures.of(ex) == VaultFailures.Kind.UNREACHABLE) {
				this.reachability.unreachable(describe(ex));
			}
			else {
				logger.warn("Vault check failed: {}", describe(ex));
			}
		}
		if (this.reachability.isReachable()) {
			recovered();
		}
		else if (!this.reachability.withinGrace()) {
			degraded("Vault at " + this.manager.address() + " cannot be reached since "
					+ this.reachability.unreachableSince() + "; cached values are no longer served");
		}
	}

	private void schedule(Runnable task, Duration delay) {
		ScheduledExecutorService running = this.scheduler;
		if (running != null && !running.isShutdown()) {
			running.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	private void degraded(String reason) {
		ComponentRegistry registry = this.components.get();
		if (registry != null) {
			registry.reportDegraded(DESCRIPTOR.name(), reason);
		}
	}

	private void recovered() {
		ComponentRegistry registry = this.components.get();
		if (registry != null) {
			registry.reportRecovered(DESCRIPTOR.name());
		}
	}

	/**
	 * The exception's class and, for Vault's own errors, its message, which names paths
	 * and Vault's error text.
	 */
	private static String describe(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SSLException) {
				// Says why the handshake failed (untrusted or expired certificate, wrong
				// host name); it holds no secret.
				return "TLS handshake with Vault failed: " + cause.getMessage();
			}
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

	@Override
	public synchronized void stop() throws Exception {
		ScheduledExecutorService running = this.scheduler;
		this.scheduler = null;
		if (running != null) {
			running.shutdownNow();
			running.awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.credentials != null) {
			this.credentials.stop();
		}
		this.manager.revoke();
		this.connected = false;
	}

}
