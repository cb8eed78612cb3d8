package dev.library.database;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Connections to PostgreSQL opened with the login of the moment. When the login is
 * rotated (Vault issued new credentials, the password secret changed), connections opened
 * from then on use the new one, and {@link #isStale(Connection)} tells the pool which of
 * its connections to retire: the pool closes them when they are returned or found idle,
 * so work in progress on them finishes and nothing is cut off.
 *
 * @author Library
 */
public final class RotatingLoginConnectionFactory implements ConnectionFactory {

	private static final Log logger = LogFactory.getLog(RotatingLoginConnectionFactory.class);

	private final ConnectionFactoryOptions options;

	private final Map<Connection, Integer> generations = Collections.synchronizedMap(new WeakHashMap<>());

	private volatile Login current;

	/**
	 * Create the factory.
	 * @param options the connection options without the login (the URL's user and
	 * password are used when the login leaves them out)
	 * @param login the login to start with
	 */
	public RotatingLoginConnectionFactory(ConnectionFactoryOptions options, PostgresLogin login) {
		this.options = options;
		this.current = new Login(login, 1, ConnectionFactories.get(withLogin(options, login)));
	}

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			Login login = this.current;
			return Mono.from(login.factory.create())
				.doOnNext((connection) -> this.generations.put(connection, login.generation));
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.current.factory.getMetadata();
	}

	/**
	 * Use another login for the connections opened from now on. The same login again
	 * changes nothing.
	 * @param login the new login
	 * @return whether the login changed
	 */
	public synchronized boolean rotate(PostgresLogin login) {
		Login previous = this.current;
		if (previous.login.equals(login)) {
			return false;
		}
		this.current = new Login(login, previous.generation + 1,
				ConnectionFactories.get(withLogin(this.options, login)));
		logger.info("PostgreSQL login rotated: new connections log in as " + login.username()
				+ "; connections of the previous login are closed as they are returned to the pool");
		return true;
	}

	/**
	 * Whether a connection was opened with a login that has been rotated since.
	 * @param connection a connection from this factory
	 * @return whether it is stale
	 */
	public boolean isStale(Connection connection) {
		Integer generation = this.generations.get(connection);
		return generation != null && generation < this.current.generation;
	}

	/**
	 * Return the user new connections log in as.
	 * @return the user, or {@code null} when it comes from the URL
	 */
	public @Nullable String username() {
		return this.current.login.username();
	}

	/**
	 * Return the login's generation: 1 for the login started with, one more at each
	 * rotation.
	 * @return the generation
	 */
	public int generation() {
		return this.current.generation;
	}

	private static ConnectionFactoryOptions withLogin(ConnectionFactoryOptions options, PostgresLogin login) {
		ConnectionFactoryOptions.Builder builder = options.mutate();
		if (login.username() != null && !login.username().isEmpty()) {
			builder.option(ConnectionFactoryOptions.USER, login.username());
		}
		if (login.password() != null && !login.password().isEmpty()) {
			builder.option(ConnectionFactoryOptions.PASSWORD, login.password());
		}
		return builder.build();
	}

	private record Login(PostgresLogin login, int generation, ConnectionFactory factory) {

	}

}
