package dev.library.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.MediaType;
import org.springframework.vault.core.VaultSysOperations;
import org.springframework.vault.support.VaultHealth;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /vault/info}: Vault's address, the authentication method, the
 * session token's TTL left and whether it is renewable (asked of Vault with
 * {@code auth/token/lookup-self}), Vault's health and seal state ({@code sys/health}),
 * and whether cached values are being served. Never the token. The calls to Vault block,
 * so they run on the bounded elastic scheduler.
 *
 * @author Library
 */
public class VaultInfoHandler {

	private final VaultManager manager;

	private final VaultSysOperations sys;

	private final VaultReachability reachability;

	private final VaultSecretStore store;

	public VaultInfoHandler(VaultManager manager, VaultSysOperations sys, VaultReachability reachability,
			VaultSecretStore store) {
		this.manager = manager;
		this.sys = sys;
		this.reachability = reachability;
		this.store = store;
	}

	/**
	 * Describe the Vault connection.
	 * @param request the request
	 * @return {@code 200} with {@link VaultInfo}
	 */
	public Mono<ServerResponse> info(ServerRequest request) {
		return Mono.fromSupplier(this::describe)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((info) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(info));
	}

	VaultInfo describe() {
		VaultServer server;
		try {
			VaultHealth health = this.sys.health();
			server = new VaultServer(true, health.isInitialized(), health.isSealed(), health.isStandby(),
					health.getVersion());
		}
		catch (RuntimeException ex) {
			server = new VaultServer(false, null, null, null, null);
		}
		VaultManager.TokenStatus status;
		try {
			status = server.reachable() ? this.manager.lookupSelf() : this.manager.status();
		}
		catch (RuntimeException ex) {
			status = this.manager.status();
		}
		Duration ttl = status.ttl();
		TokenInfo token = new TokenInfo(status.loggedIn(), (ttl != null) ? ttl.toString() : null,
				(ttl != null) ? ttl.toSeconds() : null, status.expires(), status.renewable());
		return new VaultInfo(this.manager.address().toString(), this.manager.method().name().toLowerCase(Locale.ROOT),
				token, server, this.reachability.isReachable(), this.reachability.unreachableSince(),
				this.reachability.graceEnds(), this.reachability.gracePeriod().toString(), this.store.cachedValues());
	}

	/**
	 * Answer of {@code GET /vault/info}.
	 *
	 * @param address Vault's address
	 * @param authentication {@code token}, {@code approle} or {@code kubernetes}
	 * @param token the session token's status, never the token
	 * @param vault Vault's health and seal state
	 * @param reachable whether the last call to Vault succeeded
	 * @param unreachableSince since when Vault cannot be reached, or {@code null}
	 * @param cachedValuesServedUntil until when cached values are served, or {@code null}
	 * while Vault is reachable
	 * @param cacheGracePeriod how long cached values are served once Vault cannot be
	 * reached
	 * @param cachedValues how many secret values are held in memory
	 */
	public record VaultInfo(String address, String authentication, TokenInfo token, VaultServer vault,
			boolean reachable, @Nullable Instant unreachableSince, @Nullable Instant cachedValuesServedUntil,
			String cacheGracePeriod, int cachedValues) {

	}

	/**
	 * The session token's status.
	 *
	 * @param loggedIn whether a token is held
	 * @param ttl time left as an ISO-8601 duration, or {@code null} for a token that
	 * never expires
	 * @param ttlSeconds time left in seconds, or {@code null}
	 * @param expires when it expires, or {@code null}
	 * @param renewable whether Vault accepts its renewal
	 */
	public record TokenInfo(boolean loggedIn, @Nullable String ttl, @Nullable Long ttlSeconds,
			@Nullable Instant expires, boolean renewable) {

	}

	/**
	 * Vault's answer to {@code sys/health}.
	 *
	 * @param reachable whether Vault answered
	 * @param initialized whether it is initialized, or {@code null} when it did not
	 * answer
	 * @param sealed whether it is sealed, or {@code null}
	 * @param standby whether it is a standby node, or {@code null}
	 * @param version its version, or {@code null}
	 */
	public record VaultServer(boolean reachable, @Nullable Boolean initialized, @Nullable Boolean sealed,
			@Nullable Boolean standby, @Nullable String version) {

	}

}
