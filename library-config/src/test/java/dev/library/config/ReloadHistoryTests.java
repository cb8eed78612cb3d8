package dev.library.config;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloadHistory}.
 *
 * @author Library
 */
class ReloadHistoryTests {

	private final AtomicInteger capacity = new AtomicInteger(3);

	private final ReloadHistory history = new ReloadHistory(this.capacity::get);

	@Test
	void latestReturnsNewestFirstUpToTheLimit() {
		for (int i = 1; i <= 3; i++) {
			this.history.add(reload(i));
		}
		assertThat(this.history.latest(2)).extracting(ConfigurationReload::time)
			.containsExactly(Instant.ofEpochSecond(3), Instant.ofEpochSecond(2));
	}

	@Test
	void oldestReloadsAreDroppedBeyondTheCapacity() {
		for (int i = 1; i <= 5; i++) {
			this.history.add(reload(i));
		}
		assertThat(this.history.latest(10)).extracting(ConfigurationReload::time)
			.containsExactly(Instant.ofEpochSecond(5), Instant.ofEpochSecond(4), Instant.ofEpochSecond(3));
	}

	@Test
	void capacityChangedAtRunTimeTakesEffect() {
		for (int i = 1; i <= 3; i++) {
			this.history.add(reload(i));
		}
		this.capacity.set(1);
		assertThat(this.history.capacity()).isEqualTo(1);
		assertThat(this.history.latest(10)).extracting(ConfigurationReload::time)
			.containsExactly(Instant.ofEpochSecond(3));
	}

	private static ConfigurationReload reload(int second) {
		return new ConfigurationReload(Instant.ofEpochSecond(second), "/etc/library/application.yaml",
				ReloadOutcome.APPLIED, List.of(), List.of(), null);
	}

}
