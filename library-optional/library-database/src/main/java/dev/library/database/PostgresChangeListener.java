package dev.library.database;

import java.time.Duration;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Listens to a PostgreSQL notification channel on a dedicated connection (not one of the
 * pool's: {@code LISTEN} belongs to a session) and tells its owner when a notification
 * arrives. After the connection is lost it connects again, every {@code reconnectDelay}
 * until it succeeds, and tells its owner once it listens again, so that the owner catches
 * up on what it missed meanwhile.
 *
 * @author Library
 */
final class PostgresChangeListener {

	private static final Log logger = LogFactory.getLog(PostgresChangeListener.class);

	private final ConnectionFactory connectionFactory;

	private final String channel;

	private final Runnable onChange;

	private final Duration reconnectDelay;

	private volatile boolean running;

	private volatile boolean listening;

	private volatile @Nullable Disposable subscription;

	private volatile @Nullable PostgresqlConnection connection;

	/**
	 * Create a new instance.
	 * @param connectionFactory unpooled connections to the database
	 * @param channel the channel, a lowercase identifier
	 * @param onChange called on a notification and once listening (again); returns
	 * quickly
	 * @param reconnectDelay time between attempts to connect again
	 */
	PostgresChangeListener(ConnectionFactory connectionFactory, String channel, Runnable onChange,
			Duration reconnectDelay) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.onChange = onChange;
		this.reconnectDelay = reconnectDelay;
	}

	void start() {
		this.running = true;
		connect();
	}

	boolean isListening() {
		return this.listening;
	}

	private void connect() {
		if (!this.running) {
			return;
		}
		this.subscription = Mono.from(this.connectionFactory.create())
			.cast(PostgresqlConnection.class)
			.flatMapMany((connection) -> {
				this.connection = connection;
				return Flux.from(connection.createStatement("LISTEN " + this.channel).execute())
					.flatMap((result) -> result.getRowsUpdated())
					.thenMany(Flux.defer(() -> {
						this.listening = true;
						logger.debug("Listening to PostgreSQL channel " + this.channel);
						this.onChange.run();
						return connection.getNotifications();
					}));
			})
			.subscribe((notification) -> this.onChange.run(), (ex) -> lost(ex.getMessage()),
					() -> lost("connection closed"));
	}

	private void lost(@Nullable String reason) {
		boolean wasListening = this.listening;
		this.listening = false;
		closeConnection();
		if (!this.running) {
			return;
		}
		if (wasListening) {
			logger.warn("Lost the PostgreSQL notification connection (" + reason + "); reconnecting every "
					+ this.reconnectDelay.toMillis() + " ms, meanwhile changes of other replicas are polled");
		}
		else {
			logger.debug("Cannot listen to PostgreSQL notifications: " + reason);
		}
		Mono.delay(this.reconnectDelay).subscribe((tick) -> connect());
	}

	private void closeConnection() {
		PostgresqlConnection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			Mono.from(connection.close()).onErrorResume((ex) -> Mono.empty()).subscribe();
		}
	}

	void stop() {
		this.running = false;
		this.listening = false;
		Disposable subscription = this.subscription;
		if (subscription != null) {
			subscription.dispose();
		}
		closeConnection();
	}

}
