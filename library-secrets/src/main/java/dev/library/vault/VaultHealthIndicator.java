package dev.library.vault;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the Vault connection from what the {@code vault} component last saw (no call
 * to Vault of its own): UP once connected while Vault answers, DOWN before the first
 * connection and while Vault cannot be reached, with until when cached values are served.
 * Never the token.
 *
 * @author Library
 */
public class VaultHealthIndicator implements ReactiveHealthIndicator {

	private final VaultComponent component;

	private final VaultManager manager;

	private final VaultReachability reachability;

	public VaultHealthIndicator(VaultComponent component, VaultManager manager, VaultReachability reachability) {
		this.component = component;
		this.manager = manager;
		this.reachability = reachability;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			boolean up = this.component.isConnected() && this.reachability.isReachable();
			Health.Builder health = (up ? Health.up() : Health.down())
				.withDetail("address", this.manager.address().toString())
				.withDetail("authentication", this.manager.method().name().toLowerCase(java.util.Locale.ROOT))
				.withDetail("connected", this.component.isConnected());
			VaultManager.TokenStatus token = this.manager.status();
			if (token.ttl() != null) {
				health.withDetail("tokenTtl", token.ttl().toString());
			}
			String reason = this.reachability.reason();
			if (reason != null) {
				health.withDetail("reason", reason);
			}
			if (this.reachability.unreachableSince() != null) {
				health.withDetail("unreachableSince", String.valueOf(this.reachability.unreachableSince()))
					.withDetail("cachedValuesServedUntil", String.valueOf(this.reachability.graceEnds()));
			}
			return health.build();
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
