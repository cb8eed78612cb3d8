package dev.library.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The default {@link SessionRegistry}: sessions in a concurrent map, limits per kind, a
 * {@link #sweep()} that marks sessions idle and closes those past their idle timeout or
 * maximum lifetime, and {@link #stop()} that closes every session.
 * <p>
 * Meters: {@code library.sessions.open} (gauge, tag {@code kind}, registered the first
 * time a kind is opened) and {@code library.sessions.closed} (counter, tags {@code kind}
 * and {@code reason}).
 *
 * @author Library
 */
public class DefaultSessionRegistry implements SessionRegistry {

	private static final Log logger = LogFactory.getLog(DefaultSessionRegistry.class);

	private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

	private static final int MAX_OWNER_LENGTH = 256;

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, DefaultSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> openByKind = new ConcurrentHashMap<>();

	private final Map<String, Counter> closedCounters = new ConcurrentHashMap<>();

	private final Function<String, SessionKindPolicy> policies;

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile boolean stopped;

	private @Nullable SessionFile sessionFile;

	/** Whether a session of a persistent kind was touched since the file was written. */
	private volatile boolean persistentTouched;

	/**
	 * Create a new instance.
	 * @param policies the limits of each kind
	 * @param meters where meters are registered
	 * @param clock the clock of opened and last-active times and of the limits
	 */
	public DefaultSessionRegistry(Function<String, SessionKindPolicy> policies, MeterRegistry meters, Clock clock) {
		this.policies = policies;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Keep the sessions of persistent kinds ({@link SessionKindPolicy#persistent()}) in a
	 * file, restored by {@link #start()}. Without one, every session is closed on
	 * {@link #stop()}.
	 * @param sessionFile the file
	 */
	public void setSessionFile(SessionFile sessionFile) {
		this.sessionFile = sessionFile;
	}

	/**
	 * Register the {@code library.sessions.open} gauge of the given kinds now, so that
	 * they are reported (as 0) before their first session opens.
	 * @param kinds the kinds
	 * @throws IllegalArgumentException if a kind is invalid
	 */
	public void declareKinds(Collection<String> kinds) {
		for (String kind : kinds) {
			checkKind(kind);
			openCount(kind);
		}
	}

	private static void checkKind(String kind) {
		Assert.isTrue(kind != null && KIND.matcher(kind).matches(),
				() -> "Session kind '" + kind + "' must match " + KIND.pattern());
	}

	@Override
	public Session open(String kind, String owner, Map<String, String> attributes, SessionCloseCallback onClose) {
		checkKind(kind);
		Assert.isTrue(owner != null && !owner.isBlank() && owner.length() <= MAX_OWNER_LENGTH,
				"Session owner must be 1 to " + MAX_OWNER_LENGTH + " characters");
		Assert.state(!this.stopped, "The session registry is stopped");
		Instant now = this.clock.instant();
		DefaultSession session = new DefaultSession(newId(), kind, owner, now, now, SessionState.OPEN,
				Map.copyOf(attributes), onClose);
		this.sessions.put(session.id, session);
		openCount(kind).incrementAndGet();
		if (this.stopped) {
			session.close(SessionCloseReason.SHUTDOWN);
		}
		else if (isPersistent(kind)) {
			writeSessionFile();
		}
		return session;
	}

	@Override
	public List<SessionInfo> list(@Nullable String kind) {
		List<SessionInfo> result = new ArrayList<>();
		for (DefaultSession session : this.sessions.values()) {
			if (kind == null || session.kind.equals(kind)) {
				SessionInfo info = session.info();
				if (info.state() != SessionState.CLOSED) {
					result.add(info);
				}
			}
		}
		result.sort(Comparator.comparing(SessionInfo::openedAt).thenComparing(SessionInfo::id));
		return result;
	}

	@Override
	public Optional<SessionInfo> get(String id) {
		DefaultSession session = this.sessions.get(id);
		return Optional.ofNullable(session)
			.map(DefaultSession::info)
			.filter((info) -> info.state() != SessionState.CLOSED);
	}

	@Override
	public Optional<Session> resume(String id, SessionCloseCallback onClose) {
		Assert.notNull(onClose, "'onClose' must not be null");
		DefaultSession session = this.sessions.get(id);
		if (session == null || !session.restored || session.isClosed()) {
			return Optional.empty();
		}
		session.onClose = onClose;
		session.touch();
		return Optional.of(session);
	}

	@Override
	public boolean forceClose(String id, SessionCloseReason reason) {
		DefaultSession session = this.sessions.get(id);
		return session != null && session.closeSession(reason);
	}

	/**
	 * Mark sessions untouched for half their idle timeout {@link SessionState#IDLE};
	 * close those untouched for their whole idle timeout
	 * ({@link SessionCloseReason#IDLE}) or open for longer than their maximum lifetime
	 * ({@link SessionCloseReason#LIFETIME}). Called periodically by the component; cheap
	 * when nothing is due.
	 */
	public void sweep() {
		Instant now = this.clock.instant();
		for (DefaultSession session : this.sessions.values()) {
			SessionKindPolicy policy = this.policies.apply(session.kind);
			Duration maxLifetime = policy.maxLifetime();
			if (maxLifetime != null && !now.isBefore(session.openedAt.plus(maxLifetime))) {
				session.close(SessionCloseReason.LIFETIME);
				continue;
			}
			Duration idleTimeout = policy.idleTimeout();
			if (idleTimeout != null) {
				Duration untouched = Duration.between(session.lastActiveAt(), now);
				if (untouched.compareTo(idleTimeout) >= 0) {
					session.close(SessionCloseReason.IDLE);
				}
				else if (untouched.compareTo(idleTimeout.dividedBy(2)) >= 0) {
					session.markIdle();
				}
			}
		}
		if (this.persistentTouched) {
			writeSessionFile();
		}
	}

	/**
	 * Allow sessions to be opened (again).
	 */
	public void start() {
		this.stopped = false;
		restoreSessions();
	}

	private void restoreSessions() {
		SessionFile file = this.sessionFile;
		if (file == null) {
			return;
		}
		int restored = 0;
		for (SessionFile.PersistedSession persisted : file.read()) {
			if (!KIND.matcher(persisted.kind()).matches() || !isPersistent(persisted.kind())) {
				logger.info("Not restoring session " + persisted.id() + ": its kind '" + persisted.kind()
						+ "' is no longer persistent");
				continue;
			}
			DefaultSession session = new DefaultSession(persisted.id(), persisted.kind(), persisted.owner(),
					persisted.openedAt(), persisted.lastActiveAt(), SessionState.IDLE, persisted.attributes(),
					SessionCloseCallback.NONE);
			session.restored = true;
			if (this.sessions.putIfAbsent(session.id, session) == null) {
				openCount(session.kind).incrementAndGet();
				restored++;
			}
		}
		if (restored > 0) {
			logger.info("Restored " + restored + " persistent sessions from " + file.path());
		}
		writeSessionFile();
	}

	/**
	 * Close every session ({@link SessionCloseReason#SHUTDOWN}, calling its close
	 * callback) and refuse new ones until {@link #start()}.
	 */
	public void stop() {
		this.stopped = true;
		boolean keepPersistent = this.sessionFile != null;
		if (keepPersistent) {
			writeSessionFile();
		}
		for (DefaultSession session : this.sessions.values()) {
			if (keepPersistent && isPersistent(session.kind)) {
				session.detach();
			}
			else {
				session.close(SessionCloseReason.SHUTDOWN);
			}
		}
	}

	private boolean isPersistent(String kind) {
		return this.policies.apply(kind).persistent();
	}

	/**
	 * Write the sessions of persistent kinds that are not closing to the file. A failure
	 * is logged: the sessions stay open, and the next change writes the file again.
	 */
	private synchronized void writeSessionFile() {
		SessionFile file = this.sessionFile;
		if (file == null) {
			return;
		}
		this.persistentTouched = false;
		List<SessionFile.PersistedSession> persisted = new ArrayList<>();
		for (DefaultSession session : this.sessions.values()) {
			if (isPersistent(session.kind)) {
				SessionInfo info = session.info();
				if (info.state().compareTo(SessionState.CLOSING) < 0) {
					persisted.add(new SessionFile.PersistedSession(info.id(), info.kind(), info.owner(),
							info.openedAt(), info.lastActiveAt(), info.attributes()));
				}
			}
		}
		persisted.sort(Comparator.comparing(SessionFile.PersistedSession::openedAt)
			.thenComparing(SessionFile.PersistedSession::id));
		try {
			file.write(persisted);
		}
		catch (RuntimeException ex) {
			this.persistentTouched = true;
			logger.error("Cannot keep persistent sessions: " + ex.getMessage());
		}
	}

	/**
	 * Return the number of sessions that are not closed.
	 * @return the number
	 */
	public int size() {
		return this.sessions.size();
	}

	private AtomicInteger openCount(String kind) {
		return this.openByKind.computeIfAbsent(kind, (name) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder("library.sessions.open", count, AtomicInteger::get)
				.description("Sessions open")
				.baseUnit("sessions")
				.tag("kind", name)
				.register(this.meters);
			return count;
		});
	}

	private void closed(DefaultSession session, SessionCloseReason reason) {
		this.sessions.remove(session.id, session);
		openCount(session.kind).decrementAndGet();
		if (!this.stopped && isPersistent(session.kind)) {
			writeSessionFile();
		}
		this.closedCounters
			.computeIfAbsent(session.kind + " " + reason.tag(),
					(key) -> Counter.builder("library.sessions.closed")
						.description("Sessions closed")
						.baseUnit("sessions")
						.tag("kind", session.kind)
						.tag("reason", reason.tag())
						.register(this.meters))
			.increment();
	}

	private static String newId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private final class DefaultSession implements Session {

		private final String id;

		private final String kind;

		private final String owner;

		private final Instant openedAt;

		private final Map<String, String> attributes;

		private volatile SessionCloseCallback onClose;

		/** Restored from the session file, not yet {@link #resume resumed}. */
		private volatile boolean restored;

		private SessionState state;

		private Instant lastActiveAt;

		DefaultSession(String id, String kind, String owner, Instant openedAt, Instant lastActiveAt, SessionState state,
				Map<String, String> attributes, SessionCloseCallback onClose) {
			this.id = id;
			this.kind = kind;
			this.owner = owner;
			this.openedAt = openedAt;
			this.lastActiveAt = lastActiveAt;
			this.state = state;
			this.attributes = attributes;
			this.onClose = onClose;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public void touch() {
			Instant now = DefaultSessionRegistry.this.clock.instant();
			synchronized (this) {
				if (this.state.compareTo(SessionState.CLOSING) < 0) {
					this.state = SessionState.ACTIVE;
					this.lastActiveAt = now;
				}
			}
			this.restored = false;
			if (isPersistent(this.kind)) {
				DefaultSessionRegistry.this.persistentTouched = true;
			}
		}

		/**
		 * Leave the registry on shutdown without closing: the session is in the file and
		 * comes back at the next start. Its holder sees it closed.
		 */
		void detach() {
			synchronized (this) {
				if (this.state.compareTo(SessionState.CLOSING) >= 0) {
					return;
				}
				this.state = SessionState.CLOSED;
			}
			DefaultSessionRegistry.this.sessions.remove(this.id, this);
			openCount(this.kind).decrementAndGet();
		}

		@Override
		public void close(SessionCloseReason reason) {
			closeSession(reason);
		}

		boolean closeSession(SessionCloseReason reason) {
			SessionInfo closing;
			synchronized (this) {
				if (this.state.compareTo(SessionState.CLOSING) >= 0) {
					return false;
				}
				this.state = SessionState.CLOSING;
				closing = snapshot();
			}
			try {
				if (reason != SessionCloseReason.NORMAL) {
					this.onClose.closing(closing, reason);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Close callback of session " + this.id + " (" + this.kind + ") failed", ex);
			}
			finally {
				synchronized (this) {
					this.state = SessionState.CLOSED;
				}
				closed(this, reason);
			}
			return true;
		}

		synchronized void markIdle() {
			if (this.state == SessionState.OPEN || this.state == SessionState.ACTIVE) {
				this.state = SessionState.IDLE;
			}
		}

		synchronized Instant lastActiveAt() {
			return this.lastActiveAt;
		}

		@Override
		public synchronized SessionInfo info() {
			return snapshot();
		}

		@Override
		public synchronized boolean isClosed() {
			return this.state.compareTo(SessionState.CLOSING) >= 0;
		}

		private SessionInfo snapshot() {
			return new SessionInfo(this.id, this.kind, this.owner, this.openedAt, this.lastActiveAt, this.state,
					this.attributes);
		}

	}

}
