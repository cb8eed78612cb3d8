package dev.library.vault;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.secrets.SecretRotatedEvent;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link VaultDatabaseCredentials} on Spring Vault's lease container against
 * {@link VaultHttpApiFixture} over real HTTP: the lease is renewed before it expires, new
 * credentials are requested once it reaches its maximum TTL, consumers are told with a
 * {@link SecretRotatedEvent}, and the lease is revoked on stop. Leases last seconds here;
 * the waits are generous for a loaded machine.
 *
 * @author Library
 */
class VaultDatabaseCredentialsTests {

	private final VaultHttpApiFixture vault = new VaultHttpApiFixture().start();

	@AfterEach
	void stopVault() {
		this.vault.close();
	}

	@Test
	void leaseShouldBeRenewedThenRotatedAndConsumersTold() {
		this.vault.leaseTtl = Duration.ofSeconds(3);
		this.vault.leaseMaxTtl = Duration.ofSeconds(5);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VaultAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(RotationEvents.class, RotationEvents::new)
			.withPropertyValues("library.vault.enabled=true", "library.vault.uri=" + this.vault.uri(),
					"library.vault.authentication=approle",
					"library.vault.app-role.role-id=" + VaultHttpApiFixture.ROLE_ID,
					"library.vault.app-role.secret-id=" + VaultHttpApiFixture.SECRET_ID,
					"library.vault.database-credentials.orders=database/creds/orders-rw",
					"library.vault.leases.expiry-threshold=1s", "library.vault.leases.min-renewal=1s")
			.run((context) -> {
				VaultDatabaseCredentials credentials = context.getBean(VaultDatabaseCredentials.class);
				RotationEvents events = context.getBean(RotationEvents.class);
				credentials.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> credentials.current("orders").isPresent());
				DatabaseCredentials first = credentials.current("orders").orElseThrow();
				assertThat(first.generation()).isEqualTo(1);
				assertThat(first.toString()).doesNotContain(new String(first.password().chars()));

				await().atMost(Duration.ofSeconds(60))
					.until(() -> credentials.current("orders").orElseThrow().generation() >= 2);
				DatabaseCredentials second = credentials.current("orders").orElseThrow();
				assertThat(second.username()).isNotEqualTo(first.username());
				assertThat(this.vault.leaseRenewals.get()).isGreaterThanOrEqualTo(1);
				assertThat(events.received)
					.extracting(SecretRotatedEvent::name, SecretRotatedEvent::backend, SecretRotatedEvent::version)
					.startsWith(org.assertj.core.groups.Tuple.tuple("orders", "vault-database", 1),
							org.assertj.core.groups.Tuple.tuple("orders", "vault-database", 2));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("library.vault.leases").tag("event", "renewed").counter().count())
					.isGreaterThanOrEqualTo(1);
				assertThat(meters.get("library.vault.leases").tag("event", "rotated").counter().count())
					.isGreaterThanOrEqualTo(1);

				credentials.stop();
				assertThat(this.vault.revokedLeases).isNotEmpty();
			});
	}

	static class RotationEvents {

		final List<SecretRotatedEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void onRotated(SecretRotatedEvent event) {
			this.received.add(event);
		}

	}

}
