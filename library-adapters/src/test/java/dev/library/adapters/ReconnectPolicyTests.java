package dev.library.adapters;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Back-off and jitter of {@link ReconnectPolicy}.
 *
 * @author Library
 */
class ReconnectPolicyTests {

	@Test
	void delayGrowsExponentiallyUpToTheMaximum() {
		ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0);
		SplittableRandom random = new SplittableRandom(1);
		assertThat(policy.delay(0, random)).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.delay(1, random)).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.delay(4, random)).isEqualTo(Duration.ofSeconds(16));
		assertThat(policy.delay(5, random)).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.delay(10_000, random)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void jitterTakesOffARandomShareOfTheDelay() {
		ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0, 0.5);
		SplittableRandom random = new SplittableRandom(7);
		long distinct = java.util.stream.IntStream.range(0, 100)
			.mapToObj((i) -> policy.delay(3, random))
			.peek((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10)))
			.distinct()
			.count();
		assertThat(distinct).isGreaterThan(50);
	}

	@Test
	void invalidPoliciesAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0, 1.5));
	}

}
