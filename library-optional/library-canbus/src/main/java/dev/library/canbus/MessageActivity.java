package dev.library.canbus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.canbus.dbc.Message;
import dev.library.canbus.dbc.Signal;
import dev.library.state.Quality;
import org.jspecify.annotations.Nullable;

/**
 * What one bus has seen of one frame id: counts, the last frame, its decoded values and
 * whether the message is live. Written by the bus's reader thread, read by others.
 *
 * @author Library
 */
final class MessageActivity {

	final long frameId;

	final boolean extended;

	volatile @Nullable Message message;

	volatile @Nullable Duration cycleTime;

	private final Map<Signal, String> keys = new LinkedHashMap<>();

	private final Map<String, Object> values = new LinkedHashMap<>();

	private final Map<String, Quality> qualities = new LinkedHashMap<>();

	private long count;

	private long firstBusTime;

	private long lastBusTime;

	private byte[] lastData = new byte[0];

	private boolean stale;

	private long staleSince;

	private @Nullable Liveness liveness;

	MessageActivity(long frameId, boolean extended, @Nullable Message message, @Nullable Duration cycleTime) {
		this.frameId = frameId;
		this.extended = extended;
		this.message = message;
		this.cycleTime = cycleTime;
	}

	/**
	 * Take the message of a replaced database: counts and values stay, the keys of the
	 * old message's signals go.
	 */
	synchronized void rebind(@Nullable Message replacement, @Nullable Duration replacementCycle) {
		this.message = replacement;
		this.cycleTime = replacementCycle;
		this.keys.clear();
	}

	synchronized void seen(byte[] data, long busTime) {
		if (this.count == 0) {
			this.firstBusTime = busTime;
		}
		this.count++;
		this.lastBusTime = busTime;
		this.lastData = data;
	}

	synchronized String key(Signal signal, SignalKeys rule, String instance, String interfaceName) {
		String key = this.keys.get(signal);
		if (key == null) {
			key = rule.key(instance, interfaceName, this.message.getName(), signal.getName());
			this.keys.put(signal, key);
		}
		return key;
	}

	/**
	 * Record a decoded value; return whether it or its quality changed.
	 */
	synchronized boolean update(String signal, Object value, Quality quality) {
		Object previous = this.values.put(signal, value);
		Quality previousQuality = this.qualities.put(signal, quality);
		return !value.equals(previous) || previousQuality != quality;
	}

	synchronized Map<String, Object> values() {
		return new LinkedHashMap<>(this.values);
	}

	synchronized @Nullable Object value(String signal) {
		return this.values.get(signal);
	}

	synchronized byte[] lastData() {
		return this.lastData.clone();
	}

	synchronized long count() {
		return this.count;
	}

	synchronized long lastBusTime() {
		return this.lastBusTime;
	}

	synchronized long firstBusTime() {
		return this.firstBusTime;
	}

	synchronized boolean isStale() {
		return this.stale;
	}

	/**
	 * Mark the message stale if it was missing for longer than the limit; return whether
	 * it just became stale.
	 */
	synchronized boolean checkLiveness(long busTime, long sinceBusTime, long limitNanos) {
		long reference = (this.count > 0) ? this.lastBusTime : sinceBusTime;
		if (!this.stale && busTime - reference > limitNanos) {
			this.stale = true;
			this.staleSince = busTime;
			return true;
		}
		return false;
	}

	/**
	 * Mark the message live again; return whether it was stale.
	 */
	synchronized boolean revive() {
		boolean was = this.stale;
		this.stale = false;
		return was;
	}

	/**
	 * Record the liveness verdict of the message; return whether it changed.
	 */
	synchronized boolean liveness(Liveness verdict) {
		Liveness previous = this.liveness;
		this.liveness = verdict;
		return previous != verdict;
	}

	synchronized @Nullable Liveness liveness() {
		return this.liveness;
	}

	synchronized long staleSince() {
		return this.staleSince;
	}

	/**
	 * Set every known value's quality to BAD; return the values to publish.
	 */
	synchronized Map<String, Object> invalidate() {
		this.qualities.replaceAll((signal, quality) -> Quality.BAD);
		return new LinkedHashMap<>(this.values);
	}

}
