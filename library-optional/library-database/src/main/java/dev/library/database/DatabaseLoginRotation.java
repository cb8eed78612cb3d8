package dev.library.database;

import dev.library.secrets.SecretRotatedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.event.EventListener;

/**
 * Takes up a rotated database login without a restart: when a {@link SecretRotatedEvent}
 * concerns the {@link DatabaseLoginSource}, the new login is read (off the publishing
 * thread: reading may block) and handed to the {@link RotatingLoginConnectionFactory},
 * whose pool then opens new connections with it and retires the old ones.
 *
 * @author Library
 */
public final class DatabaseLoginRotation {

	private static final Log logger = LogFactory.getLog(DatabaseLoginRotation.class);

	private final @Nullable DatabaseLoginSource source;

	private final RotatingLoginConnectionFactory connections;

	private final Scheduler scheduler;

	/**
	 * Create the listener.
	 * @param source where the login comes from, or {@code null} when it is fixed in
	 * configuration (events are then ignored)
	 * @param connections the connections to switch
	 */
	public DatabaseLoginRotation(@Nullable DatabaseLoginSource source, RotatingLoginConnectionFactory connections) {
		this(source, connections, Schedulers.boundedElastic());
	}

	DatabaseLoginRotation(@Nullable DatabaseLoginSource source, RotatingLoginConnectionFactory connections,
			Scheduler scheduler) {
		this.source = source;
		this.connections = connections;
		this.scheduler = scheduler;
	}

	/**
	 * Take up the new login when the event concerns it.
	 * @param event a rotation event
	 */
	@EventListener
	public void onSecretRotated(SecretRotatedEvent event) {
		if (this.source != null && this.source.concerns(event)) {
			this.scheduler.schedule(this::takeUp);
		}
	}

	/**
	 * Read the current login and switch the connections to it. Serialized: two events in
	 * quick succession end with the latest login.
	 */
	synchronized void takeUp() {
		DatabaseLoginSource source = this.source;
		if (source == null) {
			return;
		}
		try {
			this.connections.rotate(source.current());
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot take up the rotated database login from " + source.describe() + " ("
					+ ex.getClass().getSimpleName() + "); connections keep the previous one");
		}
	}

}
