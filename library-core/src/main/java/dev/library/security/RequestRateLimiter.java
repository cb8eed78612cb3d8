package dev.library.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal: each principal may make {@code burst} requests at once,
 * then {@code requestsPerSecond} on average. Memory stays bounded: a bucket that has
 * refilled completely is the same as a new one, so idle principals are dropped when the
 * buckets are swept, and the whole table is dropped if it still grows past its limit.
 *
 * @author Library
 */
public class RequestRateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final double requestsPerSecond;

	private final double burst;

	private final int maxPrincipals;

	private final LongSupplier nanoTime;

	private final long idleNanos;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private volatile long lastSweep;

	/**
	 * Create a limiter.
	 * @param requestsPerSecond average requests a principal may make per second
	 * @param burst requests a principal may make at once
	 * @param maxPrincipals how many principals are tracked before idle ones are dropped
	 * @param nanoTime the monotonic clock, such as {@code System::nanoTime}
	 */
	public RequestRateLimiter(double requestsPerSecond, int burst, int maxPrincipals, LongSupplier nanoTime) {
		if (requestsPerSecond <= 0 || burst < 1 || maxPrincipals < 1) {
			throw new IllegalArgumentException("Rate, burst and principal limit must be positive");
		}
		this.requestsPerSecond = requestsPerSecond;
		this.burst = burst;
		this.maxPrincipals = maxPrincipals;
		this.nanoTime = nanoTime;
		this.idleNanos = (long) Math.ceil(burst / requestsPerSecond * NANOS_PER_SECOND);
		this.lastSweep = nanoTime.getAsLong();
	}

	/**
	 * Take one request from a principal's bucket.
	 * @param principal the principal's name
	 * @return {@link Duration#ZERO} when the request may go, otherwise how long until it
	 * would
	 */
	public Duration tryAcquire(String principal) {
		long now = this.nanoTime.getAsLong();
		sweepIfDue(now);
		Bucket bucket = this.buckets.computeIfAbsent(principal, (name) -> new Bucket(this.burst, now));
		return bucket.take(now);
	}

	/**
	 * Return how many principals are tracked.
	 * @return the number of buckets held
	 */
	public int trackedPrincipals() {
		return this.buckets.size();
	}

	private void sweepIfDue(long now) {
		boolean full = this.buckets.size() >= this.maxPrincipals;
		if (!full && now - this.lastSweep < this.idleNanos) {
			return;
		}
		this.lastSweep = now;
		this.buckets.values().removeIf((bucket) -> bucket.isIdle(now));
		if (this.buckets.size() >= this.maxPrincipals) {
			// Every tracked principal is busy: forgetting them all is fairer than
			// refusing new ones, and it keeps the memory bounded.
			this.buckets.clear();
		}
	}

	private final class Bucket {

		private double tokens;

		private long updated;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.updated = now;
		}

		synchronized Duration take(long now) {
			refill(now);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return Duration.ZERO;
			}
			double missing = 1 - this.tokens;
			return Duration
				.ofNanos((long) Math.ceil(missing / RequestRateLimiter.this.requestsPerSecond * NANOS_PER_SECOND));
		}

		synchronized boolean isIdle(long now) {
			return now - this.updated >= RequestRateLimiter.this.idleNanos;
		}

		private void refill(long now) {
			double elapsedSeconds = (double) (now - this.updated) / NANOS_PER_SECOND;
			this.tokens = Math.min(RequestRateLimiter.this.burst,
					this.tokens + elapsedSeconds * RequestRateLimiter.this.requestsPerSecond);
			this.updated = now;
		}

	}

}
