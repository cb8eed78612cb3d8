package dev.library.database.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.library.database.ColumnType;
import dev.library.database.DatabaseTables;
import dev.library.database.InvalidTableDefinitionException;
import dev.library.database.StateTableRoute;
import dev.library.database.TableDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Database component settings: the PostgreSQL server, its connection pool, the outage
 * buffer and the tables declared in configuration.
 *
 * @author Library
 */
@ConfigurationProperties("library.database")
@Validated
public class DatabaseProperties {

	/**
	 * R2DBC URL of the PostgreSQL database, such as
	 * r2dbc:postgresql://db.example.com:5432/library. Flyway migrates the platform's
	 * tables over JDBC to the same host, port and database.
	 */
	@NotBlank
	private String url = "r2dbc:postgresql://localhost:5432/library";

	/**
	 * Login user of the database.
	 */
	private @Nullable String username = "library";

	/**
	 * Login password of the database. Never logged; redacted in GET /config.
	 */
	private @Nullable String password;

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) for the connection to PostgreSQL: its
	 * truststore verifies the server's certificate and its keystore, if any, is the
	 * client certificate. The connection then requires TLS and checks the host name
	 * (sslMode verify-full, unless the URL names another sslMode); a reloaded bundle is
	 * used from the next connection.
	 */
	private @Nullable String sslBundle;

	/**
	 * Name of Vault dynamic database credentials (a key of
	 * library.vault.database-credentials) to log in with instead of username and
	 * password. When Vault issues new ones, new connections use them and the pool retires
	 * the old ones, without a restart.
	 */
	private @Nullable String vaultCredentials;

	/**
	 * Name of a secret in the platform's secret store holding the login password, instead
	 * of password. A new version (written, rotated, changed in its backend) is taken up
	 * without a restart.
	 */
	private @Nullable String passwordSecret;

	/**
	 * Longest time to open a connection to PostgreSQL.
	 */
	@NotNull
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Longest time one query or one commit may take before it counts as failed.
	 */
	@NotNull
	private Duration queryTimeout = Duration.ofSeconds(30);

	/**
	 * Whether the state store keeps its state and event log in PostgreSQL instead of the
	 * embedded database file.
	 */
	private boolean statePersistence = true;

	@Valid
	private final Pool pool = new Pool();

	@Valid
	private final Health health = new Health();

	@Valid
	private final Buffer buffer = new Buffer();

	@Valid
	private final Replication replication = new Replication();

	/**
	 * Tables declared in configuration, created or migrated at start-up.
	 */
	@Valid
	private List<Table> tables = new ArrayList<>();

	/**
	 * Routes of state changes into declared tables.
	 */
	@Valid
	private List<Route> routes = new ArrayList<>();

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public @Nullable String getVaultCredentials() {
		return this.vaultCredentials;
	}

	public void setVaultCredentials(@Nullable String vaultCredentials) {
		this.vaultCredentials = vaultCredentials;
	}

	public @Nullable String getPasswordSecret() {
		return this.passwordSecret;
	}

	public void setPasswordSecret(@Nullable String passwordSecret) {
		this.passwordSecret = passwordSecret;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getQueryTimeout() {
		return this.queryTimeout;
	}

	public void setQueryTimeout(Duration queryTimeout) {
		this.queryTimeout = queryTimeout;
	}

	public boolean isStatePersistence() {
		return this.statePersistence;
	}

	public void setStatePersistence(boolean statePersistence) {
		this.statePersistence = statePersistence;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Health getHealth() {
		return this.health;
	}

	public Buffer getBuffer() {
		return this.buffer;
	}

	public Replication getReplication() {
		return this.replication;
	}

	public List<Table> getTables() {
		return this.tables;
	}

	public void setTables(List<Table> tables) {
		this.tables = tables;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	/**
	 * Return the declared tables, validated.
	 * @return the tables
	 * @throws InvalidTableDefinitionException if a table is not valid
	 */
	public List<TableDefinition> toTableDefinitions() {
		return this.tables.stream()
			.map((table) -> new TableDefinition(table.getName(), table.getColumns()
				.stream()
				.map((column) -> new TableDefinition.Column(column.getName(), column.getType(), column.isNullable()))
				.toList(), table.getPrimaryKey(), table.getIndexes(), table.getTimeColumn(), table.getRetention()))
			.toList();
	}

	/**
	 * Return the declared routes, validated against the declared tables.
	 * @param tables the declared tables
	 * @return the routes
	 * @throws InvalidTableDefinitionException if a route is not valid
	 */
	public List<StateTableRoute> toRoutes(DatabaseTables tables) {
		return this.routes.stream().map((route) -> {
			TableDefinition table = tables.table(route.getTable());
			if (table == null) {
				throw new InvalidTableDefinitionException(route.getTable(),
						List.of("route for '" + route.getKeyPattern()
								+ "' names this table, which is not declared in library.database.tables"));
			}
			return new StateTableRoute(route.getKeyPattern(), table, route.getColumns());
		}).toList();
	}

	/**
	 * Connection pool settings.
	 */
	public static class Pool {

		/**
		 * Connections opened when the pool starts.
		 */
		@Min(0)
		private int initialSize = 1;

		/**
		 * Most connections open at once.
		 */
		@Min(1)
		@Max(1000)
		private int maxSize = 10;

		/**
		 * Longest wait for a free connection.
		 */
		@NotNull
		private Duration maxAcquireTime = Duration.ofSeconds(10);

		/**
		 * Idle time after which a connection is closed.
		 */
		@NotNull
		private Duration maxIdleTime = Duration.ofMinutes(30);

		public int getInitialSize() {
			return this.initialSize;
		}

		public void setInitialSize(int initialSize) {
			this.initialSize = initialSize;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getMaxAcquireTime() {
			return this.maxAcquireTime;
		}

		public void setMaxAcquireTime(Duration maxAcquireTime) {
			this.maxAcquireTime = maxAcquireTime;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

	}

	/**
	 * Connection check settings.
	 */
	public static class Health {

		/**
		 * Interval of the connection check that reports the database component degraded
		 * (and readiness down) while PostgreSQL cannot be reached.
		 */
		@NotNull
		private Duration checkInterval = Duration.ofSeconds(5);

		/**
		 * Longest time the connection check may take before PostgreSQL counts as down.
		 */
		@NotNull
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * How the state store is shared between replicas of the platform.
	 */
	public static class Replication {

		/**
		 * Who decides versions and sequences: "single" (this instance, alone on the
		 * database, with PostgreSQL as storage and the outage buffer) or "shared"
		 * (several replicas on one database: PostgreSQL decides, every replica's watchers
		 * receive every change, no outage buffer).
		 */
		@NotNull
		private ReplicationMode mode = ReplicationMode.SINGLE;

		/**
		 * How often a shared store reads the event log for changes of other replicas when
		 * no notification arrives, and how often it tries to listen again after losing
		 * its notification connection.
		 */
		@NotNull
		private Duration pollInterval = Duration.ofSeconds(1);

		public ReplicationMode getMode() {
			return this.mode;
		}

		public void setMode(ReplicationMode mode) {
			this.mode = mode;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Who decides the versions and sequences of the state store.
	 */
	public enum ReplicationMode {

		/**
		 * One platform instance owns the state; PostgreSQL stores it.
		 */
		SINGLE,

		/**
		 * Several replicas share one database, which decides.
		 */
		SHARED

	}

	/**
	 * Outage buffer settings.
	 */
	public static class Buffer {

		/**
		 * Directory of the file where state changes wait while PostgreSQL is down. Empty
		 * for "database-buffer" under library.state.data-dir.
		 */
		private @Nullable Path directory;

		/**
		 * Most state changes kept while PostgreSQL is down; beyond it writes wait (and
		 * the API answers 503 once the state writer queue is full).
		 */
		@Min(1)
		@Max(10_000_000)
		private int maxChanges = 100_000;

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public int getMaxChanges() {
			return this.maxChanges;
		}

		public void setMaxChanges(int maxChanges) {
			this.maxChanges = maxChanges;
		}

	}

	/**
	 * A table declared in configuration.
	 */
	public static class Table {

		/**
		 * Name of the table: lowercase letters, digits and underscores, starting with a
		 * letter, at most 63 characters, not starting with "library_".
		 */
		@NotBlank
		private String name = "";

		/**
		 * Columns of the table.
		 */
		@Valid
		private List<Column> columns = new ArrayList<>();

		/**
		 * Names of the primary key columns; empty for none.
		 */
		private List<String> primaryKey = new ArrayList<>();

		/**
		 * Indexes, each a list of column names.
		 */
		private List<List<String>> indexes = new ArrayList<>();

		/**
		 * Column of type timestamp whose rows older than retention are deleted, and that
		 * GET /database/tables/{name}/rows pages by.
		 */
		private @Nullable String timeColumn;

		/**
		 * How long rows are kept, by time-column; empty to keep them forever.
		 */
		private @Nullable Duration retention;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<Column> getColumns() {
			return this.columns;
		}

		public void setColumns(List<Column> columns) {
			this.columns = columns;
		}

		public List<String> getPrimaryKey() {
			return this.primaryKey;
		}

		public void setPrimaryKey(List<String> primaryKey) {
			this.primaryKey = primaryKey;
		}

		public List<List<String>> getIndexes() {
			return this.indexes;
		}

		public void setIndexes(List<List<String>> indexes) {
			this.indexes = indexes;
		}

		public @Nullable String getTimeColumn() {
			return this.timeColumn;
		}

		public void setTimeColumn(@Nullable String timeColumn) {
			this.timeColumn = timeColumn;
		}

		public @Nullable Duration getRetention() {
			return this.retention;
		}

		public void setRetention(@Nullable Duration retention) {
			this.retention = retention;
		}

	}

	/**
	 * A column of a declared table.
	 */
	public static class Column {

		/**
		 * Name of the column: lowercase letters, digits and underscores, starting with a
		 * letter.
		 */
		@NotBlank
		private String name = "";

		/**
		 * Type of the column.
		 */
		@NotNull
		private ColumnType type = ColumnType.TEXT;

		/**
		 * Whether the column accepts null.
		 */
		private boolean nullable = true;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public ColumnType getType() {
			return this.type;
		}

		public void setType(ColumnType type) {
			this.type = type;
		}

		public boolean isNullable() {
			return this.nullable;
		}

		public void setNullable(boolean nullable) {
			this.nullable = nullable;
		}

	}

	/**
	 * A route of state changes into a declared table.
	 */
	public static class Route {

		/**
		 * Keys routed, as a dotted pattern in which "*" stands for one whole segment,
		 * such as plant.*.temperature.
		 */
		@NotBlank
		private String keyPattern = "";

		/**
		 * Name of the declared table the changes go to.
		 */
		@NotBlank
		private String table = "";

		/**
		 * Value of each column: "time" (when the change was made), "key", "value" (the
		 * JSON value; for a numeric, text or boolean column the value itself), "version",
		 * "source", "quality", "sequence", or "segment:N" (the N-th segment of the key,
		 * from 0).
		 */
		private java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();

		public String getKeyPattern() {
			return this.keyPattern;
		}

		public void setKeyPattern(String keyPattern) {
			this.keyPattern = keyPattern;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public java.util.Map<String, String> getColumns() {
			return this.columns;
		}

		public void setColumns(java.util.Map<String, String> columns) {
			this.columns = columns;
		}

	}

}
