package dev.library.database;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where the platform's PostgreSQL database is and how to log in: an R2DBC URL, a user and
 * a password. Flyway reaches the same database over JDBC ({@link #jdbcUrl()}).
 * {@link #toString()} never shows the password.
 *
 * @param url the R2DBC URL, such as {@code r2dbc:postgresql://localhost:5432/library}
 * @param username the user, or {@code null} to take it from the URL
 * @param password the password, or {@code null} to take it from the URL
 * @param jdbcParameters query parameters of the JDBC URL (such as TLS settings), or an
 * empty string
 * @author Library
 */
public record PostgresEndpoint(String url, @Nullable String username, @Nullable String password,
		String jdbcParameters) {

	public PostgresEndpoint {
		Assert.hasText(url, "'url' must not be empty");
		Assert.notNull(jdbcParameters, "'jdbcParameters' must not be null");
	}

	/**
	 * Create an endpoint whose JDBC URL has no parameters.
	 * @param url the R2DBC URL
	 * @param username the user, or {@code null} to take it from the URL
	 * @param password the password, or {@code null} to take it from the URL
	 */
	public PostgresEndpoint(String url, @Nullable String username, @Nullable String password) {
		this(url, username, password, "");
	}

	/**
	 * Return this endpoint with parameters for its JDBC URL.
	 * @param parameters the query parameters, such as {@code sslmode=verify-full}
	 * @return the endpoint
	 */
	public PostgresEndpoint withJdbcParameters(String parameters) {
		return new PostgresEndpoint(this.url, this.username, this.password, parameters);
	}

	/**
	 * Return the R2DBC connection options: the URL's, with the user and password set.
	 * @return the options
	 * @throws IllegalArgumentException if the URL is not a valid R2DBC URL
	 */
	public ConnectionFactoryOptions options() {
		ConnectionFactoryOptions parsed = ConnectionFactoryOptions.parse(this.url);
		ConnectionFactoryOptions.Builder builder = parsed.mutate();
		if (this.username != null && !this.username.isEmpty()) {
			builder.option(ConnectionFactoryOptions.USER, this.username);
		}
		if (this.password != null && !this.password.isEmpty()) {
			builder.option(ConnectionFactoryOptions.PASSWORD, this.password);
		}
		return builder.build();
	}

	/**
	 * Return the JDBC URL of the same host, port and database, for Flyway.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + describe() + (this.jdbcParameters.isEmpty() ? "" : "?" + this.jdbcParameters);
	}

	/**
	 * Return the user, from this endpoint or from the URL.
	 * @return the user, or {@code null}
	 */
	public @Nullable String user() {
		Object user = options().getValue(ConnectionFactoryOptions.USER);
		return (user != null) ? user.toString() : null;
	}

	/**
	 * Return the password, from this endpoint or from the URL.
	 * @return the password, or {@code null}
	 */
	public @Nullable String loginPassword() {
		Object password = options().getValue(ConnectionFactoryOptions.PASSWORD);
		return (password != null) ? password.toString() : null;
	}

	/**
	 * Describe the database as {@code host:port/database}, without credentials.
	 * @return the description
	 */
	public String describe() {
		ConnectionFactoryOptions options = options();
		Object host = options.getValue(ConnectionFactoryOptions.HOST);
		Object port = options.getValue(ConnectionFactoryOptions.PORT);
		Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
		return host + ":" + ((port != null) ? port : 5432) + "/" + ((database != null) ? database : "");
	}

	@Override
	public String toString() {
		return "PostgresEndpoint[" + describe() + ", user=" + user() + "]";
	}

}
