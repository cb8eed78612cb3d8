package dev.library.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SecretsComponent}: while started it rotates expired secrets and reads
 * the Kubernetes directory again on its own thread; stopped, it does neither.
 *
 * @author Library
 */
class SecretsComponentTests {

	@TempDir
	Path temp;

	private final List<SecretRotatedEvent> events = new CopyOnWriteArrayList<>();

	@Test
	void startedComponentShouldRotateExpiredSecretsAndNoticeKubeletUpdates() throws Exception {
		LocalSecretStore local = new LocalSecretStore(this.temp.resolve("store"),
				new SecretKeySpec(new byte[32], "AES"), 3, Clock.systemUTC());
		local.write("short-lived", SecretValue.ofString("initial"),
				new SecretStore.Rotation(Duration.ofMillis(1), null));
		Path mounted = Files.createDirectories(this.temp.resolve("mounted"));
		Files.writeString(mounted.resolve("token"), "first");
		KubernetesSecretStore kubernetes = new KubernetesSecretStore(mounted, Clock.systemUTC(),
				(changed) -> this.events.add(new SecretRotatedEvent(changed.name(), changed.backend(),
						changed.currentVersion(), SecretRotatedEvent.Reason.CHANGED_IN_BACKEND)));
		SecretRotator rotator = new SecretRotator(new CompositeSecretStore(List.of(local, kubernetes)),
				Map.of("default", new SecretPolicy(16, SecretPolicy.ALPHANUMERIC)),
				new SecretAuditLog(10, Clock.systemUTC()), new SecretMetrics(new SimpleMeterRegistry()),
				this.events::add, Clock.systemUTC());
		SecretsComponent component = new SecretsComponent(rotator, Duration.ofMillis(50), kubernetes,
				Duration.ofMillis(50));
		component.start();
		try {
			Files.writeString(mounted.resolve("token"), "second");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.events).extracting(SecretRotatedEvent::reason)
					.contains(SecretRotatedEvent.Reason.EXPIRED, SecretRotatedEvent.Reason.CHANGED_IN_BACKEND));
		}
		finally {
			component.stop();
		}
		assertThat(local.metadata("short-lived").currentVersion()).isGreaterThan(1);
		assertThat(new String(kubernetes.read("token").chars())).isEqualTo("second");
		assertThat(component.descriptor().name()).isEqualTo("secrets");
	}

}
