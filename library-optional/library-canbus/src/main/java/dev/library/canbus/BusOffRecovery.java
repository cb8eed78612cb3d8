package dev.library.canbus;

import java.time.Duration;

/**
 * When to try to bring a bus-off controller back: first after {@code initial}, then after
 * twice as long each time, up to {@code maximum}, until the bus is back.
 *
 * @author Library
 */
final class BusOffRecovery {

	private final Duration initial;

	private final Duration maximum;

	private boolean pending;

	private long nextAttempt;

	private Duration delay;

	BusOffRecovery(Duration initial, Duration maximum) {
		this.initial = initial;
		this.maximum = maximum;
		this.delay = initial;
	}

	/** The bus went off at {@code now} (nanoseconds): the first attempt is due later. */
	synchronized void busOff(long now) {
		if (!this.pending) {
			this.pending = true;
			this.delay = this.initial;
			this.nextAttempt = now + this.delay.toNanos();
		}
	}

	/** Return whether an attempt is due at {@code now}; if so, the next one is later. */
	synchronized boolean due(long now) {
		if (!this.pending || now - this.nextAttempt < 0) {
			return false;
		}
		Duration doubled = this.delay.multipliedBy(2);
		this.delay = (doubled.compareTo(this.maximum) > 0) ? this.maximum : doubled;
		this.nextAttempt = now + this.delay.toNanos();
		return true;
	}

	/** The bus is back. */
	synchronized void recovered() {
		this.pending = false;
	}

	synchronized boolean isPending() {
		return this.pending;
	}

	/** The delay after the last attempt. */
	synchronized Duration delay() {
		return this.delay;
	}

}
