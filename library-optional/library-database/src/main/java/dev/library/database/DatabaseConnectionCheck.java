package dev.library.database;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import reactor.core.publisher.Mono;

/**
 * Checks that PostgreSQL answers: takes a connection and validates it against the server,
 * within a timeout.
 *
 * @author Library
 */
public class DatabaseConnectionCheck {

	private final ConnectionFactory connectionFactory;

	private final Duration timeout;

	public DatabaseConnectionCheck(ConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
	}

	/**
	 * Check the connection.
	 * @return a mono that completes when PostgreSQL answered, or fails with the reason it
	 * did not (a {@link java.util.concurrent.TimeoutException} past the timeout)
	 */
	public Mono<Void> check() {
		return Mono
			.usingWhen(this.connectionFactory.create(),
					(connection) -> Mono.from(connection.validate(ValidationDepth.REMOTE)), Connection::close)
			.timeout(this.timeout)
			.flatMap((valid) -> valid ? Mono.<Void>empty()
					: Mono.error(new IllegalStateException("the connection did not validate")));
	}

	/**
	 * Return the timeout of a check.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

}
