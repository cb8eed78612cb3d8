package dev.library.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit of every access to and change of a secret: who, what, which secret, when, and the
 * outcome; never the value. The latest entries are kept in memory for
 * {@code GET /secrets/audit}, each is logged to the {@code library.secrets.audit} logger
 * for durable collection.
 *
 * @author Library
 */
public class SecretAuditLog {

	private static final Logger logger = LoggerFactory.getLogger("library.secrets.audit");

	private final Deque<Entry> entries = new ArrayDeque<>();

	private final int capacity;

	private final Clock clock;

	/**
	 * Create a log.
	 * @param capacity how many entries are kept in memory
	 * @param clock the clock
	 */
	public SecretAuditLog(int capacity, Clock clock) {
		this.capacity = capacity;
		this.clock = clock;
	}

	/**
	 * Record an access or change.
	 * @param principal who, or {@code system} for scheduled work
	 * @param action what, such as {@code read}
	 * @param name which secret, or {@code null} for the whole store
	 * @param outcome the outcome, such as {@code success}, {@code not-found} or
	 * {@code denied}
	 */
	public void record(String principal, String action, @Nullable String name, String outcome) {
		Entry entry = new Entry(this.clock.instant(), principal, action, name, outcome);
		synchronized (this.entries) {
			this.entries.addLast(entry);
			while (this.entries.size() > this.capacity) {
				this.entries.removeFirst();
			}
		}
		logger.info("secret {} of '{}' by {}: {}", action, (name != null) ? name : "*", principal, outcome);
	}

	/**
	 * Return the kept entries, newest first.
	 * @return the entries
	 */
	public List<Entry> entries() {
		synchronized (this.entries) {
			List<Entry> newestFirst = new ArrayList<>(this.entries);
			return newestFirst.reversed();
		}
	}

	/**
	 * One audit entry.
	 *
	 * @param time when
	 * @param principal who
	 * @param action what
	 * @param name which secret, or {@code null} for the whole store
	 * @param outcome the outcome
	 */
	public record Entry(Instant time, String principal, String action, @Nullable String name, String outcome) {

	}

}
