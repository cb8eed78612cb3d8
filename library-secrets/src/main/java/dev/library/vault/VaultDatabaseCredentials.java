package dev.library.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.library.secrets.SecretRotatedEvent;
import dev.library.secrets.SecretValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.vault.core.lease.SecretLeaseContainer;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.domain.RequestedSecret;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRenewedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;
import org.springframework.vault.core.lease.event.SecretLeaseExpiredEvent;

/**
 * Dynamic database credentials from Vault ({@code database/creds/<role>}), each under a
 * lease that Spring Vault's {@link SecretLeaseContainer} renews before it expires. When a
 * lease can no longer be renewed (its maximum TTL reached) or has expired, the container
 * requests new credentials; consumers are told with a {@link SecretRotatedEvent} (backend
 * {@code vault-database}, reason {@code CHANGED_IN_BACKEND}, no value) and take the new
 * ones from {@link #current(String)}. Leases are revoked on stop.
 * <p>
 * Meter: {@code library.vault.leases}, tagged {@code event} ({@code created},
 * {@code rotated}, {@code renewed}, {@code expired}, {@code failed}).
 *
 * @author Library
 */
public class VaultDatabaseCredentials {

	/**
	 * The backend named in the events.
	 */
	public static final String BACKEND = "vault-database";

	private static final Logger logger = LoggerFactory.getLogger(VaultDatabaseCredentials.class);

	private final SecretLeaseContainer container;

	private final Map<String, String> pathsByName;

	private final Map<RequestedSecret, String> namesBySecret = new ConcurrentHashMap<>();

	private final Map<String, DatabaseCredentials> current = new ConcurrentHashMap<>();

	private final Consumer<SecretRotatedEvent> events;

	private final Clock clock;

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private boolean started;

	/**
	 * Create the credentials holder; nothing is requested before {@link #start()}.
	 * @param container the lease container, configured but not started
	 * @param pathsByName the Vault path of each set of credentials by name, such as
	 * {@code orders → database/creds/orders-rw}
	 * @param events told when credentials change
	 * @param clock the clock
	 * @param registry the meter registry
	 */
	public VaultDatabaseCredentials(SecretLeaseContainer container, Map<String, String> pathsByName,
			Consumer<SecretRotatedEvent> events, Clock clock, MeterRegistry registry) {
		this.container = container;
		this.pathsByName = new LinkedHashMap<>(pathsByName);
		this.events = events;
		this.clock = clock;
		this.registry = registry;
		container.addLeaseListener(this::onLeaseEvent);
		container.addErrorListener((event, failure) -> {
			count("failed");
			logger.warn("Vault lease of '{}' failed: {}", this.namesBySecret.getOrDefault(event.getSource(), "?"),
					failure.getClass().getSimpleName());
		});
	}

	/**
	 * Request every configured set of credentials and start renewing their leases. Called
	 * again, it does nothing: the database component may start the leases before the
	 * {@code vault} component does.
	 */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		this.started = true;
		this.pathsByName.forEach((name, path) -> this.namesBySecret
			.put(this.container.addRequestedSecret(RequestedSecret.rotating(path)), name));
		this.container.start();
	}

	/**
	 * Stop renewing and revoke the leases.
	 * @throws Exception when the container cannot be destroyed
	 */
	public synchronized void stop() throws Exception {
		if (this.started) {
			this.container.destroy();
		}
	}

	/**
	 * Start the leases if needed and wait until Vault issued the credentials of a name.
	 * Blocks: for start-up, never on an event loop.
	 * @param name the name they are configured under
	 * @param timeout the longest wait
	 * @return the credentials
	 * @throws IllegalArgumentException when no credentials are configured under the name
	 * @throws IllegalStateException when Vault issued none within the timeout
	 */
	public DatabaseCredentials await(String name, Duration timeout) {
		if (!this.pathsByName.containsKey(name)) {
			throw new IllegalArgumentException("No Vault database credentials are configured as '" + name
					+ "' (library.vault.database-credentials." + name + ")");
		}
		start();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Optional<DatabaseCredentials> issued = current(name);
			if (issued.isPresent()) {
				return issued.get();
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Vault issued no database credentials '" + name + "' ("
						+ this.pathsByName.get(name) + ") within " + timeout);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Vault database credentials", ex);
			}
		}
	}

	/**
	 * Ask Vault for new credentials of a name now, as when a lease reaches its maximum
	 * TTL; consumers are told as for any rotation. The old lease is left to expire.
	 * @param name the name they are configured under
	 * @throws IllegalArgumentException when no credentials are requested under the name
	 */
	public void rotate(String name) {
		RequestedSecret secret = this.namesBySecret.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(name))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No Vault database credentials '" + name + "' requested"));
		this.container.rotate(secret);
	}

	/**
	 * Return the current credentials of a name.
	 * @param name the name they are configured under
	 * @return the credentials, or empty before Vault issued any
	 */
	public Optional<DatabaseCredentials> current(String name) {
		DatabaseCredentials held = this.current.get(name);
		return (held != null)
				? Optional.of(new DatabaseCredentials(held.name(), held.username(),
						SecretValue.ofBytes(held.password().bytes()), held.leaseExpires(), held.generation()))
				: Optional.empty();
	}

	private void onLeaseEvent(SecretLeaseEvent event) {
		String name = this.namesBySecret.get(event.getSource());
		if (name == null) {
			return;
		}
		Lease lease = event.getLease();
		if (event instanceof SecretLeaseCreatedEvent created) {
			Object username = created.getSecrets().get("username");
			Object password = created.getSecrets().get("password");
			if (!(username instanceof String user) || !(password instanceof String secret)) {
				logger.warn("Vault answered credentials '{}' without username and password", name);
				return;
			}
			DatabaseCredentials previous = this.current.get(name);
			int generation = (previous != null) ? previous.generation() + 1 : 1;
			this.current.put(name,
					new DatabaseCredentials(name, user, SecretValue.ofString(secret), expiry(lease), generation));
			count((previous != null) ? "rotated" : "created");
			logger.info("Vault issued database credentials '{}' (generation {}, lease {}s)", name, generation,
					lease.getLeaseDuration().toSeconds());
			this.events.accept(
					new SecretRotatedEvent(name, BACKEND, generation, SecretRotatedEvent.Reason.CHANGED_IN_BACKEND));
		}
		else if (event instanceof AfterSecretLeaseRenewedEvent) {
			this.current.computeIfPresent(name, (key, held) -> new DatabaseCredentials(held.name(), held.username(),
					held.password(), expiry(lease), held.generation()));
			count("renewed");
		}
		else if (event instanceof SecretLeaseExpiredEvent) {
			count("expired");
			logger.info("Vault lease of database credentials '{}' ended; new credentials are requested", name);
		}
	}

	private Instant expiry(Lease lease) {
		return this.clock.instant().plus(lease.getLeaseDuration());
	}

	private void count(String event) {
		this.counters
			.computeIfAbsent(event,
					(key) -> Counter.builder("library.vault.leases")
						.description("Vault leases of dynamic database credentials, by event")
						.baseUnit("events")
						.tag("event", event)
						.register(this.registry))
			.increment();
	}

}
