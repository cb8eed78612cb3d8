package dev.library.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestRateLimiter}.
 *
 * @author Library
 */
class RequestRateLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void burstPassesThenTheNextRequestWaitsForOneToken() {
		RequestRateLimiter limiter = new RequestRateLimiter(2, 3, 100, this.now::get);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("token:a")).isZero();
		}
		assertThat(limiter.tryAcquire("token:a")).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void tokensComeBackAtTheConfiguredRate() {
		RequestRateLimiter limiter = new RequestRateLimiter(2, 1, 100, this.now::get);
		assertThat(limiter.tryAcquire("token:a")).isZero();
		assertThat(limiter.tryAcquire("token:a")).isPositive();
		this.now.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(limiter.tryAcquire("token:a")).isZero();
	}

	@Test
	void principalsHaveBucketsOfTheirOwn() {
		RequestRateLimiter limiter = new RequestRateLimiter(1, 1, 100, this.now::get);
		assertThat(limiter.tryAcquire("token:a")).isZero();
		assertThat(limiter.tryAcquire("token:a")).isPositive();
		assertThat(limiter.tryAcquire("token:b")).isZero();
	}

	@Test
	void idlePrincipalsAreForgottenSoThatMemoryStaysBounded() {
		RequestRateLimiter limiter = new RequestRateLimiter(10, 10, 5, this.now::get);
		for (int i = 0; i < 5; i++) {
			limiter.tryAcquire("token:" + i);
		}
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		limiter.tryAcquire("token:new");
		assertThat(limiter.trackedPrincipals()).isEqualTo(1);
	}

	@Test
	void busyPrincipalsBeyondTheLimitAreDroppedRatherThanGrowingWithoutBound() {
		RequestRateLimiter limiter = new RequestRateLimiter(1, 5, 3, this.now::get);
		for (int i = 0; i < 50; i++) {
			limiter.tryAcquire("token:" + i);
		}
		assertThat(limiter.trackedPrincipals()).isLessThanOrEqualTo(3);
	}

	@Test
	void retryAfterIsRoundedUpToWholeSecondsAndNeverZero() {
		assertThat(RateLimitedException.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(RateLimitedException.retryAfterSeconds(Duration.ofMillis(1500))).isEqualTo(2);
		assertThat(RateLimitedException.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
	}

}
