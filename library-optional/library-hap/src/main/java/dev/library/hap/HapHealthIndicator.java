package dev.library.hap;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the HomeKit bridge: {@code UP} while the HAP server serves, {@code DOWN} when
 * it could not start or its pairing data cannot be kept. An mDNS advertisement that
 * failed leaves it {@code UP} (controllers that know the address still work) and shows in
 * the details.
 *
 * @author Library
 */
public class HapHealthIndicator implements ReactiveHealthIndicator {

	private final HapBridge bridge;

	/**
	 * Create an indicator.
	 * @param bridge the bridge
	 */
	public HapHealthIndicator(HapBridge bridge) {
		this.bridge = bridge;
	}

	@Override
	public Mono<Health> health() {
		HapBridge.Info info = this.bridge.info();
		Health.Builder builder = (info.running() && info.error() == null) ? Health.up() : Health.down();
		builder.withDetail("controllers", info.controllers().size())
			.withDetail("accessories", info.accessories().size())
			.withDetail("mdns", info.mdns().state());
		if (info.port() != null) {
			builder.withDetail("port", info.port());
		}
		if (info.mdns().address() != null) {
			builder.withDetail("mdnsAddress", info.mdns().address());
		}
		if (info.mdns().error() != null) {
			builder.withDetail("mdnsError", info.mdns().error());
		}
		if (info.error() != null) {
			builder.withDetail("error", info.error());
		}
		else if (!info.running()) {
			builder.withDetail("error", "the HAP server is not running");
		}
		return Mono.just(builder.build());
	}

}
