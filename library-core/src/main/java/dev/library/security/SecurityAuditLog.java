package dev.library.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;

/**
 * The security audit log: successful and failed authentication, denials, token creation
 * and revocation. The latest entries are kept in memory for {@code GET /security/audit};
 * every entry is also appended as a JSON line to a file that only the process owner may
 * read, on a thread of its own so that no request waits for the disk. The file is rotated
 * once it passes its size limit, keeping one previous file.
 * <p>
 * A principal's successful authentication is recorded once per interval, not on every
 * request. Entries never hold a credential.
 *
 * @author Library
 */
public class SecurityAuditLog implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SecurityAuditLog.class);

	private static final int MAX_REMEMBERED_PRINCIPALS = 10_000;

	private final int capacity;

	private final @Nullable Path file;

	private final long maxFileSize;

	private final Duration successInterval;

	private final JsonMapper mapper;

	private final Clock clock;

	private final Deque<Entry> entries = new ArrayDeque<>();

	private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

	private final ExecutorService writer;

	private long sequence;

	/**
	 * Create an audit log.
	 * @param capacity how many entries to keep in memory
	 * @param file the file to append to, or {@code null} for memory only
	 * @param maxFileSize size after which the file is rotated, in bytes
	 * @param successInterval how often one principal's successful authentication is
	 * recorded at most
	 * @param mapper the JSON mapper
	 * @param clock the clock
	 */
	public SecurityAuditLog(int capacity, @Nullable Path file, long maxFileSize, Duration successInterval,
			JsonMapper mapper, Clock clock) {
		this.capacity = capacity;
		this.file = file;
		this.maxFileSize = maxFileSize;
		this.successInterval = successInterval;
		this.mapper = mapper;
		this.clock = clock;
		this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("security-audit").factory());
	}

	/**
	 * Record an event.
	 * @param kind what happened
	 * @param principal who did it, or what tried: a principal name, or
	 * {@code anonymous@<address>}
	 * @param detail what happened, for people; never a credential
	 */
	public void record(Kind kind, String principal, String detail) {
		Entry entry;
		synchronized (this.entries) {
			entry = new Entry(++this.sequence, Instant.now(this.clock), kind, principal, detail);
			this.entries.addLast(entry);
			while (this.entries.size() > this.capacity) {
				this.entries.removeFirst();
			}
		}
		if (this.file != null) {
			this.writer.execute(() -> append(entry));
		}
	}

	/**
	 * Record a successful authentication, unless this principal's was recorded less than
	 * the interval ago.
	 * @param principal the principal
	 * @param detail how it authenticated
	 */
	public void recordSuccess(String principal, String detail) {
		Instant now = Instant.now(this.clock);
		Instant last = this.lastSuccess.get(principal);
		if (last != null && last.plus(this.successInterval).isAfter(now)) {
			return;
		}
		if (this.lastSuccess.size() >= MAX_REMEMBERED_PRINCIPALS) {
			this.lastSuccess.clear();
		}
		this.lastSuccess.put(principal, now);
		record(Kind.AUTHENTICATION_SUCCEEDED, principal, detail);
	}

	/**
	 * Return the latest entries, newest first.
	 * @param limit how many at most
	 * @return the entries
	 */
	public List<Entry> latest(int limit) {
		synchronized (this.entries) {
			List<Entry> latest = new ArrayList<>(Math.min(limit, this.entries.size()));
			var iterator = this.entries.descendingIterator();
			while (iterator.hasNext() && latest.size() < limit) {
				latest.add(iterator.next());
			}
			return latest;
		}
	}

	private void append(Entry entry) {
		Path target = this.file;
		if (target == null) {
			return;
		}
		try {
			if (Files.exists(target) && Files.size(target) >= this.maxFileSize) {
				Files.move(target, target.resolveSibling(target.getFileName() + ".1"),
						StandardCopyOption.REPLACE_EXISTING);
			}
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("sequence", entry.sequence());
			line.put("time", entry.time().toString());
			line.put("kind", entry.kind().name());
			line.put("principal", entry.principal());
			line.put("detail", entry.detail());
			byte[] json = this.mapper.writeValueAsBytes(line);
			byte[] content = new byte[json.length + 1];
			System.arraycopy(json, 0, content, 0, json.length);
			content[json.length] = '\n';
			OwnerOnlyFiles.append(target, content);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not append to the security audit log " + target + ": " + ex.getMessage());
		}
	}

	/**
	 * Wait for pending file writes, then stop the writer thread.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.writer.shutdown();
		this.writer.awaitTermination(5, TimeUnit.SECONDS);
	}

	/**
	 * What an audit entry records.
	 */
	public enum Kind {

		/**
		 * A principal authenticated.
		 */
		AUTHENTICATION_SUCCEEDED,

		/**
		 * Credentials were refused.
		 */
		AUTHENTICATION_FAILED,

		/**
		 * A request came without credentials to a route that needs them.
		 */
		AUTHENTICATION_MISSING,

		/**
		 * An authenticated principal lacked the role a route needs.
		 */
		ACCESS_DENIED,

		/**
		 * An API token was created.
		 */
		TOKEN_CREATED,

		/**
		 * An API token was revoked.
		 */
		TOKEN_REVOKED,

		/**
		 * A change of enforcement was asked for, such as requiring client certificates;
		 * the detail says whether it was made or refused, and why.
		 */
		ENFORCEMENT_CHANGED

	}

	/**
	 * One audit entry.
	 *
	 * @param sequence position in the log since start-up
	 * @param time when it happened
	 * @param kind what happened
	 * @param principal who did it, or what tried
	 * @param detail the details, for people
	 */
	public record Entry(long sequence, Instant time, Kind kind, String principal, String detail) {

	}

}
