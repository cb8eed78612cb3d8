package dev.library.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DefaultSessionRegistry}.
 *
 * @author Library
 */
class DefaultSessionRegistryTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> callbacks = new ArrayList<>();

	private final DefaultSessionRegistry registry = new DefaultSessionRegistry((kind) -> switch (kind) {
		case "short" -> new SessionKindPolicy(Duration.ofMinutes(10), null);
		case "bounded" -> new SessionKindPolicy(null, Duration.ofHours(1));
		default -> SessionKindPolicy.UNLIMITED;
	}, this.meters, this.clock);

	@Test
	void openShouldListTheSessionWithARandomIdAndItsAttributes() {
		Session first = open("api-watcher");
		Session second = open("api-watcher");
		assertThat(first.id()).hasSize(22).isNotEqualTo(second.id());
		SessionInfo info = this.registry.get(first.id()).orElseThrow();
		assertThat(info.kind()).isEqualTo("api-watcher");
		assertThat(info.owner()).isEqualTo("client:1");
		assertThat(info.state()).isEqualTo(SessionState.OPEN);
		assertThat(info.openedAt()).isEqualTo(this.clock.instant());
		assertThat(info.attributes()).containsEntry("prefix", "plant");
		assertThat(this.registry.list(null)).extracting(SessionInfo::id)
			.containsExactlyInAnyOrder(first.id(), second.id());
		assertThat(this.registry.list("other")).isEmpty();
		assertThat(this.meters.get("library.sessions.open").tag("kind", "api-watcher").gauge().value()).isEqualTo(2);
	}

	@Test
	void touchShouldMakeTheSessionActiveAndRecordTheTime() {
		Session session = open("short");
		this.clock.advance(Duration.ofMinutes(3));
		session.touch();
		SessionInfo info = session.info();
		assertThat(info.state()).isEqualTo(SessionState.ACTIVE);
		assertThat(info.lastActiveAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void sweepShouldMarkIdleAfterHalfTheIdleTimeoutAndCloseAfterIt() {
		Session session = open("short");
		this.clock.advance(Duration.ofMinutes(4));
		this.registry.sweep();
		assertThat(session.info().state()).isEqualTo(SessionState.OPEN);
		this.clock.advance(Duration.ofMinutes(1));
		this.registry.sweep();
		assertThat(session.info().state()).isEqualTo(SessionState.IDLE);
		session.touch();
		assertThat(session.info().state()).isEqualTo(SessionState.ACTIVE);
		this.clock.advance(Duration.ofMinutes(9));
		this.registry.sweep();
		assertThat(session.isClosed()).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		this.registry.sweep();
		assertThat(session.isClosed()).isTrue();
		assertThat(session.info().state()).isEqualTo(SessionState.CLOSED);
		assertThat(this.registry.get(session.id())).isEmpty();
		assertThat(this.callbacks).containsExactly(session.id() + ":idle");
		assertThat(closed("short", "idle")).isEqualTo(1);
		assertThat(this.meters.get("library.sessions.open").tag("kind", "short").gauge().value()).isZero();
	}

	@Test
	void sweepShouldCloseASessionAtItsMaximumLifetimeEvenWhenActive() {
		Session session = open("bounded");
		this.clock.advance(Duration.ofMinutes(59));
		session.touch();
		this.registry.sweep();
		assertThat(session.isClosed()).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		session.touch();
		this.registry.sweep();
		assertThat(session.isClosed()).isTrue();
		assertThat(this.callbacks).containsExactly(session.id() + ":lifetime");
		assertThat(closed("bounded", "lifetime")).isEqualTo(1);
	}

	@Test
	void sweepShouldLeaveUnlimitedKindsOpen() {
		Session session = open("api-watcher");
		this.clock.advance(Duration.ofDays(365));
		this.registry.sweep();
		assertThat(session.info().state()).isEqualTo(SessionState.OPEN);
	}

	@Test
	void forceCloseShouldCallTheCloseCallbackOnce() {
		Session session = open("api-watcher");
		assertThat(this.registry.forceClose(session.id(), SessionCloseReason.FORCED)).isTrue();
		assertThat(this.registry.forceClose(session.id(), SessionCloseReason.FORCED)).isFalse();
		assertThat(this.callbacks).containsExactly(session.id() + ":forced");
		assertThat(this.registry.list(null)).isEmpty();
		assertThat(closed("api-watcher", "forced")).isEqualTo(1);
	}

	@Test
	void forceCloseOfAnUnknownIdShouldReturnFalse() {
		assertThat(this.registry.forceClose("nope", SessionCloseReason.FORCED)).isFalse();
	}

	@Test
	void closeByTheOwnerShouldNotCallTheCallback() {
		Session session = open("api-watcher");
		session.close();
		session.touch();
		assertThat(session.info().state()).isEqualTo(SessionState.CLOSED);
		assertThat(this.callbacks).isEmpty();
		assertThat(closed("api-watcher", "normal")).isEqualTo(1);
	}

	@Test
	void closeShouldGoThroughClosingWhileTheCallbackRuns() {
		List<SessionState> seen = new ArrayList<>();
		Session session = this.registry.open("api-watcher", "client:1", Map.of(),
				(info, reason) -> seen.add(info.state()));
		this.registry.forceClose(session.id(), SessionCloseReason.FORCED);
		assertThat(seen).containsExactly(SessionState.CLOSING);
	}

	@Test
	void aFailingCallbackShouldStillCloseTheSession() {
		Session session = this.registry.open("api-watcher", "client:1", Map.of(), (info, reason) -> {
			throw new IllegalStateException("boom");
		});
		assertThat(this.registry.forceClose(session.id(), SessionCloseReason.FORCED)).isTrue();
		assertThat(session.info().state()).isEqualTo(SessionState.CLOSED);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void stopShouldCloseEverySessionAndRefuseNewOnesUntilStarted() {
		Session first = open("api-watcher");
		Session second = open("short");
		this.registry.stop();
		assertThat(first.isClosed()).isTrue();
		assertThat(second.isClosed()).isTrue();
		assertThat(this.callbacks).containsExactlyInAnyOrder(first.id() + ":shutdown", second.id() + ":shutdown");
		assertThat(closed("api-watcher", "shutdown")).isEqualTo(1);
		assertThatIllegalStateException().isThrownBy(() -> open("api-watcher"));
		this.registry.start();
		assertThat(open("api-watcher").isClosed()).isFalse();
	}

	@Test
	void openShouldRefuseAnInvalidKindOrOwner() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.open("Bad Kind", "x", Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.open("ok", " ", Map.of()));
	}

	private Session open(String kind) {
		return this.registry.open(kind, "client:1", Map.of("prefix", "plant"),
				(info, reason) -> this.callbacks.add(info.id() + ":" + reason.tag()));
	}

	private double closed(String kind, String reason) {
		return this.meters.get("library.sessions.closed").tag("kind", kind).tag("reason", reason).counter().count();
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
