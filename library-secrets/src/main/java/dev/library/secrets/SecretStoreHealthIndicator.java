package dev.library.secrets;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the secret store: UP when every backend can be read and is intact, DOWN with
 * the reason (never a value) when a file fails its integrity check, disappeared, or the
 * store cannot be read.
 *
 * @author Library
 */
public class SecretStoreHealthIndicator implements ReactiveHealthIndicator {

	private final CompositeSecretStore store;

	public SecretStoreHealthIndicator(CompositeSecretStore store) {
		this.store = store;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			Health.Builder health;
			try {
				this.store.verify();
				health = Health.up();
			}
			catch (SecretStoreIntegrityException ex) {
				health = Health.down().withDetail("error", ex.getBody().getDetail());
			}
			for (SecretStore backend : this.store.stores()) {
				health.withDetail(backend.backend(), describe(backend));
			}
			return health.build();
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private static String describe(SecretStore backend) {
		String access;
		if (backend.isWritable()) {
			access = "writable";
		}
		else if (backend instanceof LocalSecretStore) {
			access = "no key configured, writes refused";
		}
		else {
			access = "read-only";
		}
		// A remote backend is not listed: a health probe must not cost a request per
		// secret (its reachability has a health indicator of its own).
		return backend.isRemote() ? access + ", remote" : access + ", " + backend.list().size() + " secrets";
	}

}
