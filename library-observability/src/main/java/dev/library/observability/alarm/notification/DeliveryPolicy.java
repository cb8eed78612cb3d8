package dev.library.observability.alarm.notification;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How hard a notification is delivered: attempts, back-off between them (doubling, with
 * jitter, up to a maximum) and how many notifications a channel may have waiting.
 *
 * @param maxAttempts attempts before the notification goes to the dead letters, 1 or more
 * @param initialBackoff the wait after the first failed attempt
 * @param maxBackoff the longest wait between attempts
 * @param queueCapacity notifications a channel may have waiting; beyond, new ones go to
 * the dead letters at once
 * @param concurrency deliveries a channel may have in flight at once
 * @author Library
 */
public record DeliveryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int queueCapacity,
		int concurrency) {

	public DeliveryPolicy {
		Assert.isTrue(maxAttempts >= 1, "'maxAttempts' must be at least 1");
		Assert.isTrue(initialBackoff.isPositive(), "'initialBackoff' must be positive");
		Assert.isTrue(maxBackoff.compareTo(initialBackoff) >= 0, "'maxBackoff' must not be below 'initialBackoff'");
		Assert.isTrue(queueCapacity >= 1, "'queueCapacity' must be at least 1");
		Assert.isTrue(concurrency >= 1, "'concurrency' must be at least 1");
	}

}
