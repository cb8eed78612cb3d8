package dev.library.secrets;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretRotator}.
 *
 * @author Library
 */
class SecretRotatorTests {

	@TempDir
	Path temp;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<SecretRotatedEvent> events = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SecretAuditLog audit = new SecretAuditLog(100, this.clock);

	private SecretRotator rotator(SecretStore store) {
		return new SecretRotator(store,
				Map.of("default", new SecretPolicy(24, SecretPolicy.ALPHANUMERIC), "hex",
						new SecretPolicy(16, "0123456789abcdef")),
				this.audit, new SecretMetrics(this.meters), this.events::add, this.clock);
	}

	private LocalSecretStore store() {
		return new LocalSecretStore(this.temp, new SecretKeySpec(new byte[32], "AES"), 5, this.clock);
	}

	@Test
	void rotateShouldWriteAGeneratedVersionAndTellConsumersWithoutTheValue() {
		LocalSecretStore store = store();
		store.write("db", SecretValue.ofString("initial-value"), new SecretStore.Rotation(null, "hex"));
		SecretMetadata rotated = rotator(store).rotate("db", null, "alice", SecretRotatedEvent.Reason.ROTATED);
		assertThat(rotated.currentVersion()).isEqualTo(2);
		assertThat(new String(store.read("db").chars())).matches("[0-9a-f]{16}");
		assertThat(this.events)
			.containsExactly(new SecretRotatedEvent("db", "local", 2, SecretRotatedEvent.Reason.ROTATED));
		assertThat(this.audit.entries()).first().satisfies((entry) -> {
			assertThat(entry.principal()).isEqualTo("alice");
			assertThat(entry.action()).isEqualTo("rotate");
			assertThat(entry.outcome()).isEqualTo("success");
		});
		assertThat(this.meters.get("library.secrets.rotations")
			.tag("backend", "local")
			.tag("outcome", "success")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void rotateExpiredShouldRotateOnlySecretsPastTheirMaximumAge() {
		LocalSecretStore store = store();
		store.write("short-lived", SecretValue.ofString("a-value"),
				new SecretStore.Rotation(Duration.ofHours(1), null));
		store.write("long-lived", SecretValue.ofString("b-value"), new SecretStore.Rotation(Duration.ofDays(1), null));
		store.write("forever", SecretValue.ofString("c-value"), null);
		SecretRotator rotator = rotator(store);
		assertThat(rotator.rotateExpired()).isZero();
		this.clock.advance(Duration.ofHours(2));
		assertThat(rotator.rotateExpired()).isEqualTo(1);
		assertThat(this.events).extracting(SecretRotatedEvent::name).containsExactly("short-lived");
		assertThat(this.events).extracting(SecretRotatedEvent::reason)
			.containsExactly(SecretRotatedEvent.Reason.EXPIRED);
		assertThat(store.metadata("short-lived").nextRotation())
			.isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
		assertThat(rotator.rotateExpired()).isZero();
	}

	@Test
	void rotateOfDeletedSecretShouldBeNotFoundAndAudited() {
		LocalSecretStore store = store();
		store.write("gone", SecretValue.ofString("x-value"), null);
		store.delete("gone");
		assertThatExceptionOfType(SecretNotFoundException.class)
			.isThrownBy(() -> rotator(store).rotate("gone", null, "bob", SecretRotatedEvent.Reason.ROTATED));
		assertThat(this.audit.entries()).first().extracting(SecretAuditLog.Entry::outcome).isEqualTo("not-found");
		assertThat(this.events).isEmpty();
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
