package dev.library.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for sessions of persistent kinds in {@link DefaultSessionRegistry}, kept in a
 * real {@link SessionFile}.
 *
 * @author Library
 */
class PersistentSessionsTests {

	private static final Function<String, SessionKindPolicy> POLICIES = (kind) -> switch (kind) {
		case "homekit-pairing" -> new SessionKindPolicy(null, null, true);
		case "short-pairing" -> new SessionKindPolicy(Duration.ofMinutes(10), null, true);
		default -> SessionKindPolicy.UNLIMITED;
	};

	@TempDir
	Path directory;

	private final DefaultSessionRegistryTests.MutableClock clock = new DefaultSessionRegistryTests.MutableClock(
			Instant.parse("2026-05-01T08:00:00Z"));

	private final List<String> callbacks = new ArrayList<>();

	@Test
	void persistentSessionsShouldSurviveARestartAndTheOthersBeClosed() {
		DefaultSessionRegistry first = startedRegistry();
		Session pairing = first.open("homekit-pairing", "controller:ab:cd", Map.of("name", "iPhone"),
				(info, reason) -> this.callbacks.add(info.kind() + " " + reason));
		Session watcher = first.open("api-watcher", "client:1", Map.of(),
				(info, reason) -> this.callbacks.add(info.kind() + " " + reason));
		first.stop();
		assertThat(this.callbacks).containsExactly("api-watcher SHUTDOWN");
		assertThat(watcher.isClosed()).isTrue();
		assertThat(pairing.isClosed()).isTrue();
		DefaultSessionRegistry second = startedRegistry();
		SessionInfo restored = second.get(pairing.id()).orElseThrow();
		assertThat(restored.kind()).isEqualTo("homekit-pairing");
		assertThat(restored.owner()).isEqualTo("controller:ab:cd");
		assertThat(restored.attributes()).containsEntry("name", "iPhone");
		assertThat(restored.openedAt()).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
		assertThat(restored.state()).isEqualTo(SessionState.IDLE);
		assertThat(second.get(watcher.id())).isEmpty();
	}

	@Test
	void resumeShouldAttachTheCallbackOnceAndClosingShouldForgetTheSession() {
		DefaultSessionRegistry first = startedRegistry();
		String id = first.open("homekit-pairing", "controller:1", Map.of()).id();
		first.stop();
		DefaultSessionRegistry second = startedRegistry();
		Session resumed = second.resume(id, (info, reason) -> this.callbacks.add("closed " + reason)).orElseThrow();
		assertThat(second.resume(id, SessionCloseCallback.NONE)).isEmpty();
		assertThat(resumed.info().state()).isEqualTo(SessionState.ACTIVE);
		assertThat(second.forceClose(id, SessionCloseReason.FORCED)).isTrue();
		assertThat(this.callbacks).containsExactly("closed FORCED");
		second.stop();
		assertThat(startedRegistry().list(null)).isEmpty();
	}

	@Test
	void resumeShouldRefuseASessionThatWasNotRestored() {
		DefaultSessionRegistry registry = startedRegistry();
		Session open = registry.open("homekit-pairing", "controller:1", Map.of());
		assertThat(registry.resume(open.id(), SessionCloseCallback.NONE)).isEmpty();
		assertThat(registry.resume("no-such-id", SessionCloseCallback.NONE)).isEmpty();
	}

	@Test
	void limitsShouldStillApplyToRestoredSessions() {
		DefaultSessionRegistry first = startedRegistry();
		String id = first.open("short-pairing", "controller:1", Map.of()).id();
		first.stop();
		DefaultSessionRegistry second = startedRegistry();
		this.clock.advance(Duration.ofMinutes(11));
		second.sweep();
		assertThat(second.get(id)).isEmpty();
		second.stop();
		assertThat(startedRegistry().get(id)).isEmpty();
	}

	@Test
	void theLastActiveTimeShouldBeKeptWhenTheSweeperRuns() {
		DefaultSessionRegistry first = startedRegistry();
		Session pairing = first.open("homekit-pairing", "controller:1", Map.of());
		this.clock.advance(Duration.ofMinutes(5));
		pairing.touch();
		first.sweep();
		assertThat(sessionFile().read()).singleElement()
			.satisfies((persisted) -> assertThat(persisted.lastActiveAt())
				.isEqualTo(Instant.parse("2026-05-01T08:05:00Z")));
	}

	@Test
	void anUnreadableFileShouldBeMovedAsideAndTheRegistryStartEmpty() throws IOException {
		Path file = this.directory.resolve("sessions.json");
		Files.writeString(file, "[{\"id\": \"x\", \"kind\": ");
		DefaultSessionRegistry registry = startedRegistry();
		assertThat(registry.list(null)).isEmpty();
		try (var entries = Files.list(this.directory)) {
			assertThat(entries.map((path) -> path.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("sessions.json.unreadable-"));
		}
	}

	private DefaultSessionRegistry startedRegistry() {
		DefaultSessionRegistry registry = new DefaultSessionRegistry(POLICIES, new SimpleMeterRegistry(), this.clock);
		registry.setSessionFile(sessionFile());
		registry.start();
		return registry;
	}

	private SessionFile sessionFile() {
		return new SessionFile(this.directory.resolve("sessions.json"), JsonMapper.builder().build());
	}

}
