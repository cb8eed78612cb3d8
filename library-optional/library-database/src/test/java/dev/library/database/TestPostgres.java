package dev.library.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, and a fresh database on it per test class.
 * <p>
 * The server is the one named by {@value #ENVIRONMENT_VARIABLE}
 * ({@code postgresql://user:password@host:5432/database}; {@code .ci/run} starts the
 * machine's PostgreSQL and sets it), else a Testcontainers PostgreSQL when a Docker
 * engine is available. With neither, tests fail: a missing database is a failure, never a
 * skip. The user must be allowed to create databases.
 *
 * @author Library
 */
public final class TestPostgres {

	/**
	 * The environment variable naming the server.
	 */
	public static final String ENVIRONMENT_VARIABLE = "LIBRARY_TEST_POSTGRES_URL";

	private static Server server;

	private TestPostgres() {
	}

	/**
	 * Create a database with a random name, owned by the test user.
	 * @return the database; close it to drop it
	 */
	public static TestDatabase createDatabase() {
		Server server = server();
		String name = "library_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		server.execute("CREATE DATABASE " + name);
		return new TestDatabase(server, name);
	}

	static synchronized Server server() {
		if (server == null) {
			server = locate();
		}
		return server;
	}

	private static Server locate() {
		String url = System.getenv(ENVIRONMENT_VARIABLE);
		if (url != null && !url.isBlank()) {
			return Server.parse(url.trim());
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
			container.start();
			return new Server(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
					container.getUsername(), container.getPassword());
		}
		throw new IllegalStateException("No PostgreSQL for the tests: set " + ENVIRONMENT_VARIABLE
				+ "=postgresql://user:password@host:5432/database (a user that may create databases; .ci/run "
				+ "starts the machine's PostgreSQL 15 and sets it), or run a Docker engine for Testcontainers.");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * A PostgreSQL server and the database the test user logs in to.
	 *
	 * @param host the host
	 * @param port the port
	 * @param database the database
	 * @param user the user
	 * @param password the password
	 */
	record Server(String host, int port, String database, String user, String password) {

		static Server parse(String url) {
			String text = url.replaceFirst("^(jdbc:|r2dbc:)", "");
			URI uri = URI.create(text);
			if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
				throw new IllegalStateException(
						ENVIRONMENT_VARIABLE + " must look like postgresql://user:password@host:5432/database, not "
								+ uri.getScheme() + "://...");
			}
			String userInfo = (uri.getRawUserInfo() != null) ? uri.getRawUserInfo() : "";
			int colon = userInfo.indexOf(':');
			String user = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			String password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : "";
			String database = (uri.getPath() != null && uri.getPath().length() > 1) ? uri.getPath().substring(1) : user;
			return new Server(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432, database, user, password);
		}

		private static String decode(String text) {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}

		String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
		}

		void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(this.database), this.user, this.password);
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot run '" + sql + "' on the test PostgreSQL " + this.host + ":"
						+ this.port + "/" + this.database + " as " + this.user + ": " + ex.getMessage(), ex);
			}
		}

	}

	/**
	 * A database of one test class.
	 */
	public static final class TestDatabase implements AutoCloseable {

		private final Server server;

		private final String name;

		TestDatabase(Server server, String name) {
			this.server = server;
			this.name = name;
		}

		public String name() {
			return this.name;
		}

		public String r2dbcUrl() {
			return "r2dbc:postgresql://" + this.server.host() + ":" + this.server.port() + "/" + this.name;
		}

		public String jdbcUrl() {
			return this.server.jdbcUrl(this.name);
		}

		public String username() {
			return this.server.user();
		}

		public String password() {
			return this.server.password();
		}

		public PostgresEndpoint endpoint() {
			return new PostgresEndpoint(r2dbcUrl(), username(), password());
		}

		/**
		 * Run SQL in this database.
		 * @param sql the statement
		 */
		public void execute(String sql) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), password());
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot run '" + sql + "': " + ex.getMessage(), ex);
			}
		}

		/**
		 * Run a query that returns one number in this database.
		 * @param sql the query
		 * @return the number
		 */
		public long queryForLong(String sql) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), password());
					Statement statement = connection.createStatement();
					var result = statement.executeQuery(sql)) {
				result.next();
				return result.getLong(1);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot run '" + sql + "': " + ex.getMessage(), ex);
			}
		}

		/**
		 * End an outage, then run a query that returns one number.
		 * @param sql the query
		 * @return the number
		 */
		public long queryForLongAfterRestore(String sql) {
			restore();
			return queryForLong(sql);
		}

		/**
		 * Make PostgreSQL unreachable for this database, as in an outage: refuse new
		 * connections and end the open ones. Works without superuser rights.
		 */
		public void cutOff() {
			this.server.execute("ALTER DATABASE " + this.name + " ALLOW_CONNECTIONS false");
			this.server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
					+ this.name.toLowerCase(Locale.ROOT) + "' AND pid <> pg_backend_pid()");
		}

		/**
		 * End an outage started by {@link #cutOff()}.
		 */
		public void restore() {
			this.server.execute("ALTER DATABASE " + this.name + " ALLOW_CONNECTIONS true");
		}

		@Override
		public void close() {
			try {
				this.server.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
			}
			catch (IllegalStateException ex) {
				// FORCE may not end a process of another role, such as the autovacuum
				// worker a test's writes woke up (CI, 2026-11-28); a plain DROP asks
				// autovacuum to stop and waits for it
				dropWithoutForce(ex);
			}
		}

		private void dropWithoutForce(IllegalStateException forced) {
			for (int attempt = 1; attempt <= 5; attempt++) {
				try {
					this.server.execute("DROP DATABASE IF EXISTS " + this.name);
					return;
				}
				catch (IllegalStateException ex) {
					forced.addSuppressed(ex);
					try {
						Thread.sleep(500);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
			throw forced;
		}

	}

}
