package dev.library.state;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real process committing to an embedded store, killed with SIGKILL in the middle of
 * its commits: every change it had acknowledged is in the store afterwards, and no commit
 * is there in part.
 *
 * @author Library
 */
class EmbeddedStatePersistenceCrashTests {

	@TempDir
	Path dataDir;

	@Test
	void killedWriterShouldLoseNoAcknowledgedChangeAndLeaveNoHalfCommit() throws Exception {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StateWriterProcess.class.getName(), this.dataDir.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		AtomicLong acknowledged = new AtomicLong();
		Thread reader = Thread.ofPlatform().start(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.startsWith(StateWriterProcess.COMMITTED)) {
						acknowledged.set(Long.parseLong(line.substring(StateWriterProcess.COMMITTED.length())));
					}
				}
			}
			catch (Exception ex) {
				// the process was killed
			}
		});
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 5_000 || !process.isAlive());
			assertThat(process.isAlive()).as("writer still running").isTrue();
		}
		finally {
			process.destroyForcibly();
			assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		}
		reader.join(10_000);
		long lastAcknowledged = acknowledged.get();
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, JsonMapper.builder().build(),
				true);
		try {
			StateSnapshot snapshot = persistence.open();
			long last = snapshot.lastSequence();
			assertThat(last).isGreaterThanOrEqualTo(lastAcknowledged);
			assertThat(last % StateWriterProcess.BATCH).as("whole commits only").isZero();
			List<StateChange> events = persistence.readEvents(null, "", null, null, 0, Integer.MAX_VALUE);
			assertThat(events).hasSize((int) last);
			for (int i = 0; i < events.size(); i++) {
				assertThat(events.get(i).sequence()).isEqualTo(i + 1);
				assertThat(events.get(i).value().asLong()).isEqualTo(i + 1);
			}
			assertThat(snapshot.entries()).hasSize(StateWriterProcess.KEYS).allSatisfy((entry) -> {
				StateChange lastOfKey = persistence
					.readEvents(entry.key(), "", null, null, last - StateWriterProcess.KEYS, 100)
					.get(0);
				assertThat(entry.value().value()).isEqualTo(lastOfKey.value());
				assertThat(entry.version()).isEqualTo(lastOfKey.version());
			});
		}
		finally {
			persistence.close();
		}
	}

}
