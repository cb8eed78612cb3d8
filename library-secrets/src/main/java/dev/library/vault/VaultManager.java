package dev.library.vault;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestClient;

/**
 * Owns the Vault session token's life cycle: logs in with the configured
 * {@link ClientAuthentication} (token, AppRole or Kubernetes), renews the token
 * ({@code auth/token/renew-self}) once its TTL left falls under the renewal margin, logs
 * in afresh when Vault refuses the renewal or the token, and revokes it on stop. The
 * token itself never leaves this class but as the {@code X-Vault-Token} header: it is in
 * no log line, exception message, status or meter.
 * <p>
 * Meters: {@code library.vault.logins} and {@code library.vault.token.renewals} (tag
 * {@code outcome}), {@code library.vault.token.ttl} (seconds left, NaN without a token or
 * for a token that never expires).
 *
 * @author Library
 */
public class VaultManager implements SessionManager {

	private static final Logger logger = LoggerFactory.getLogger(VaultManager.class);

	private static final String TOKEN_HEADER = "X-Vault-Token";

	private final ClientAuthentication authentication;

	private final VaultAuthenticationMethod method;

	private final URI address;

	private final RestClient client;

	private final Duration renewBefore;

	private final Clock clock;

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private @Nullable VaultToken token;

	private @Nullable Instant expires;

	private boolean renewable;

	/**
	 * Create the manager; nothing is sent to Vault before the first
	 * {@link #getSessionToken()}.
	 * @param authentication how to log in
	 * @param method the authentication method, for status and logs
	 * @param address Vault's address, for status and logs
	 * @param client a client for Vault's API (base {@code <address>/v1/}) that adds no
	 * token of its own
	 * @param renewBefore how long before expiry the token is renewed
	 * @param clock the clock
	 * @param registry the meter registry
	 */
	public VaultManager(ClientAuthentication authentication, VaultAuthenticationMethod method, URI address,
			RestClient client, Duration renewBefore, Clock clock, MeterRegistry registry) {
		this.authentication = authentication;
		this.method = method;
		this.address = address;
		this.client = client;
		this.renewBefore = renewBefore;
		this.clock = clock;
		this.registry = registry;
		Gauge.builder("library.vault.token.ttl", this, VaultManager::ttlSeconds)
			.description("Time left before the Vault session token expires")
			.baseUnit("seconds")
			.register(registry);
	}

	/**
	 * Return the session token, logging in first when there is none.
	 * @return the token
	 * @throws org.springframework.vault.VaultException when the login fails
	 */
	@Override
	public synchronized VaultToken getSessionToken() {
		VaultToken current = this.token;
		if (current == null) {
			current = login();
		}
		return current;
	}

	/**
	 * Log in, replacing any token held.
	 * @return the new token
	 */
	synchronized VaultToken login() {
		try {
			VaultToken fresh = this.authentication.login();
			if (fresh instanceof LoginToken login && !login.getLeaseDuration().isZero()) {
				this.expires = this.clock.instant().plus(login.getLeaseDuration());
				this.renewable = login.isRenewable();
			}
			else {
				TokenLookup lookup = lookup(fresh);
				this.expires = lookup.expires();
				this.renewable = lookup.renewable();
			}
			this.token = fresh;
			count("library.vault.logins", "Logins to Vault", "success");
			logger.info("Logged in to Vault at {} by {}; token {} expires {}", this.address, describeMethod(),
					this.renewable ? "renewable" : "not renewable", (this.expires != null) ? this.expires : "never");
			return fresh;
		}
		catch (RuntimeException ex) {
			this.token = null;
			this.expires = null;
			count("library.vault.logins", "Logins to Vault", "failure");
			throw ex;
		}
	}

	/**
	 * Renew the token when its TTL left is under the renewal margin; log in afresh when
	 * the token cannot be renewed or Vault refuses the renewal. Called on a schedule.
	 */
	public synchronized void renewIfDue() {
		VaultToken current = this.token;
		Instant expiry = this.expires;
		if (current == null || expiry == null
				|| Duration.between(this.clock.instant(), expiry).compareTo(this.renewBefore) > 0) {
			return;
		}
		if (!this.renewable) {
			logger.info("Vault token expires at {} and cannot be renewed; logging in again", expiry);
			login();
			return;
		}
		try {
			Map<?, ?> answer = this.client.post()
				.uri("auth/token/renew-self")
				.header(TOKEN_HEADER, current.getToken())
				.body(Map.of())
				.retrieve()
				.body(Map.class);
			Map<?, ?> auth = (answer != null && answer.get("auth") instanceof Map<?, ?> map) ? map : Map.of();
			long leaseSeconds = (auth.get("lease_duration") instanceof Number lease) ? lease.longValue() : 0;
			this.expires = (leaseSeconds > 0) ? this.clock.instant().plusSeconds(leaseSeconds) : null;
			this.renewable = Boolean.TRUE.equals(auth.get("renewable"));
			count("library.vault.token.renewals", "Vault session token renewals", "success");
			logger.debug("Vault token renewed; expires {}", this.expires);
		}
		catch (RuntimeException ex) {
			if (VaultFailures.of(ex) == VaultFailures.Kind.UNREACHABLE) {
				count("library.vault.token.renewals", "Vault session token renewals", "unreachable");
				throw ex;
			}
			count("library.vault.token.renewals", "Vault session token renewals", "refused");
			logger.info("Vault refused to renew the token ({}); logging in again", ex.getClass().getSimpleName());
			login();
		}
	}

	/**
	 * Forget the token after Vault refused it (expired or revoked behind our back): the
	 * next {@link #getSessionToken()} logs in again.
	 */
	public synchronized void tokenRefused() {
		if (this.token != null) {
			logger.info("Vault refused the session token; logging in again at the next call");
			this.token = null;
			this.expires = null;
		}
	}

	/**
	 * Ask Vault about the token held ({@code auth/token/lookup-self}) and keep what it
	 * says about expiry.
	 * @return the token's status, never the token
	 */
	public synchronized TokenStatus lookupSelf() {
		VaultToken current = getSessionToken();
		TokenLookup lookup = lookup(current);
		this.expires = lookup.expires();
		this.renewable = lookup.renewable();
		return status();
	}

	/**
	 * Return the token's status as last known, without asking Vault.
	 * @return the status, never the token
	 */
	public synchronized TokenStatus status() {
		Duration left = (this.expires != null) ? Duration.between(this.clock.instant(), this.expires) : null;
		return new TokenStatus(this.token != null, (left != null && left.isNegative()) ? Duration.ZERO : left,
				this.expires, this.renewable);
	}

	/**
	 * Revoke the token held ({@code auth/token/revoke-self}) unless it came from the
	 * configuration, whose owner may still need it.
	 */
	public synchronized void revoke() {
		VaultToken current = this.token;
		this.token = null;
		this.expires = null;
		if (current == null || this.method == VaultAuthenticationMethod.TOKEN) {
			return;
		}
		try {
			this.client.post()
				.uri("auth/token/revoke-self")
				.header(TOKEN_HEADER, current.getToken())
				.retrieve()
				.toBodilessEntity();
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot revoke the Vault token: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Return the authentication method.
	 * @return the method
	 */
	public VaultAuthenticationMethod method() {
		return this.method;
	}

	/**
	 * Return Vault's address.
	 * @return the address
	 */
	public URI address() {
		return this.address;
	}

	private TokenLookup lookup(VaultToken token) {
		Map<?, ?> answer = this.client.get()
			.uri("auth/token/lookup-self")
			.header(TOKEN_HEADER, token.getToken())
			.retrieve()
			.body(Map.class);
		// The answer holds the token itself under "id": only ttl and renewable are kept.
		Map<?, ?> data = (answer != null && answer.get("data") instanceof Map<?, ?> map) ? map : Map.of();
		long ttl = (data.get("ttl") instanceof Number seconds) ? seconds.longValue() : 0;
		return new TokenLookup((ttl > 0) ? this.clock.instant().plusSeconds(ttl) : null,
				Boolean.TRUE.equals(data.get("renewable")));
	}

	private double ttlSeconds() {
		Instant expiry = this.expires;
		if (this.token == null || expiry == null) {
			return Double.NaN;
		}
		return Math.max(0, Duration.between(this.clock.instant(), expiry).toMillis() / 1000.0);
	}

	private String describeMethod() {
		return this.method.name().toLowerCase(java.util.Locale.ROOT);
	}

	private void count(String name, String description, String outcome) {
		this.counters
			.computeIfAbsent(name + '|' + outcome,
					(key) -> Counter.builder(name)
						.description(description)
						.baseUnit("operations")
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

	private record TokenLookup(@Nullable Instant expires, boolean renewable) {

	}

	/**
	 * What may be said about the session token: never the token itself.
	 *
	 * @param loggedIn whether a token is held
	 * @param ttl the time left, or {@code null} when unknown or for a token that never
	 * expires
	 * @param expires when it expires, or {@code null}
	 * @param renewable whether Vault accepts its renewal
	 */
	public record TokenStatus(boolean loggedIn, @Nullable Duration ttl, @Nullable Instant expires, boolean renewable) {

	}

}
