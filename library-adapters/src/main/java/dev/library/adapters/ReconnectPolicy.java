package dev.library.adapters;

import java.time.Duration;
import java.util.random.RandomGenerator;

import org.springframework.util.Assert;

/**
 * Exponential back-off with jitter between connection attempts: the n-th delay is
 * {@code min(maxDelay, initialDelay * multiplier^n)}, of which a random share up to
 * {@code jitter} is taken off, so that instances that failed together do not retry
 * together.
 *
 * @param initialDelay delay before the first retry
 * @param maxDelay longest delay
 * @param multiplier growth of the delay per failed attempt, at least 1
 * @param jitter share of the delay taken off at random, from 0 to 1
 * @author Library
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

	public ReconnectPolicy {
		Assert.isTrue(initialDelay.isPositive(), "'initialDelay' must be positive");
		Assert.isTrue(maxDelay.compareTo(initialDelay) >= 0, "'maxDelay' must not be less than 'initialDelay'");
		Assert.isTrue(multiplier >= 1.0, "'multiplier' must be at least 1");
		Assert.isTrue(jitter >= 0.0 && jitter <= 1.0, "'jitter' must be from 0 to 1");
	}

	/**
	 * Return the delay before an attempt.
	 * @param failedAttempts how many attempts failed in a row, 0 for the first retry
	 * @param random the source of jitter
	 * @return the delay
	 */
	public Duration delay(int failedAttempts, RandomGenerator random) {
		double nanos = this.initialDelay.toNanos() * Math.pow(this.multiplier, Math.min(failedAttempts, 62));
		nanos = Math.min(nanos, this.maxDelay.toNanos());
		nanos = nanos * (1.0 - this.jitter * random.nextDouble());
		return Duration.ofNanos(Math.max(1, (long) nanos));
	}

}
