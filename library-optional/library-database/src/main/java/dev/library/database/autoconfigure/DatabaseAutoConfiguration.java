package dev.library.database.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.database.DatabaseComponent;
import dev.library.database.DatabaseConnectionCheck;
import dev.library.database.DatabaseHealthIndicator;
import dev.library.database.DatabaseLoginRotation;
import dev.library.database.DatabaseLoginSource;
import dev.library.database.DatabasePoolMetrics;
import dev.library.database.DatabaseRoutes;
import dev.library.database.DatabaseTableHandler;
import dev.library.database.DatabaseTables;
import dev.library.database.PostgresEndpoint;
import dev.library.database.PostgresLogin;
import dev.library.database.PostgresStatePersistence;
import dev.library.database.PostgresStateStore;
import dev.library.database.RotatingLoginConnectionFactory;
import dev.library.database.SharedStateStoreHealthIndicator;
import dev.library.database.SslBundleConnectionOptions;
import dev.library.database.StateTableRoute;
import dev.library.database.StateTableRouter;
import dev.library.schema.SchemaRegistry;
import dev.library.secrets.SecretStore;
import dev.library.security.RouteAccess;
import dev.library.state.StatePersistence;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.state.autoconfigure.StateProperties;
import dev.library.vault.VaultDatabaseCredentials;
import dev.library.vault.autoconfigure.VaultAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the database component: a pool of R2DBC connections to PostgreSQL
 * from {@code library.database.*}, the state store's persistence in it, a connection
 * check reported as health and component status, and pool meters. Switched on by
 * {@code library.enabled-components.database}.
 * <p>
 * The pool is the platform's own: Boot's {@code spring.r2dbc.*} auto-configuration is not
 * used, so an application with the component off needs no database at all.
 *
 * @author Library
 */
@AutoConfiguration(before = StateAutoConfiguration.class, after = VaultAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"dev.library.secrets.autoconfigure.SecretsAutoConfiguration" })
@ConditionalOnLibraryComponent("database")
@ConditionalOnClass(ConnectionPool.class)
@EnableConfigurationProperties(DatabaseProperties.class)
public final class DatabaseAutoConfiguration {

	private static final Duration VAULT_CREDENTIALS_WAIT = Duration.ofSeconds(30);

	private static final Duration STALE_LOGIN_SWEEP = Duration.ofSeconds(10);

	/**
	 * Where the login comes from when it is not fixed: Vault dynamic credentials or a
	 * password secret; {@code null} with a fixed username and password.
	 */
	@Bean
	@ConditionalOnMissingBean
	@Nullable DatabaseLoginSource libraryDatabaseLoginSource(DatabaseProperties properties,
			ObjectProvider<VaultDatabaseCredentials> vault, ObjectProvider<SecretStore> secrets) {
		String vaultCredentials = properties.getVaultCredentials();
		String passwordSecret = properties.getPasswordSecret();
		if (vaultCredentials != null && passwordSecret != null) {
			throw new IllegalStateException(
					"Set one of library.database.vault-credentials and library.database.password-secret, not both");
		}
		if (vaultCredentials != null) {
			VaultDatabaseCredentials credentials = vault.getIfAvailable();
			if (credentials == null) {
				throw new IllegalStateException("library.database.vault-credentials=" + vaultCredentials
						+ " needs Vault (library.vault.enabled=true) with library.vault.database-credentials."
						+ vaultCredentials);
			}
			return DatabaseLoginSource.vault(credentials, vaultCredentials, VAULT_CREDENTIALS_WAIT);
		}
		if (passwordSecret != null) {
			SecretStore store = secrets.getIfAvailable();
			if (store == null) {
				throw new IllegalStateException(
						"library.database.password-secret needs the secret store (library-secrets)");
			}
			return DatabaseLoginSource.secret(store, passwordSecret, properties.getUsername());
		}
		return null;
	}

	@Bean
	@ConditionalOnMissingBean
	PostgresEndpoint libraryDatabaseEndpoint(DatabaseProperties properties,
			ObjectProvider<DatabaseLoginSource> loginSource, ObjectProvider<SslBundles> sslBundles) {
		DatabaseLoginSource source = loginSource.getIfAvailable();
		PostgresLogin login = (source != null) ? source.current() : null;
		PostgresEndpoint endpoint = (login != null)
				? new PostgresEndpoint(properties.getUrl(), login.username(), login.password())
				: new PostgresEndpoint(properties.getUrl(), properties.getUsername(), properties.getPassword());
		String sslBundle = properties.getSslBundle();
		return (sslBundle != null) ? endpoint.withJdbcParameters(
				SslBundleConnectionOptions.jdbcParameters(sslBundle, sslBundles.getObject())) : endpoint;
	}

	/**
	 * The connections behind the pool (and the shared store's listener), opened with the
	 * login of the moment.
	 */
	@Bean
	@ConditionalOnMissingBean
	RotatingLoginConnectionFactory libraryDatabaseConnectionFactory(PostgresEndpoint endpoint,
			DatabaseProperties properties, ObjectProvider<SslBundles> sslBundles) {
		ConnectionFactoryOptions options = endpoint.options();
		Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
		if (!"postgresql".equals(driver)) {
			throw new IllegalStateException("library.database.url must be a PostgreSQL R2DBC URL such as "
					+ "r2dbc:postgresql://localhost:5432/library (the pool is configured by library.database.pool.*)");
		}
		options = options.mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, properties.getConnectTimeout())
			.option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true)
			.build();
		if (properties.getSslBundle() != null) {
			options = SslBundleConnectionOptions.withBundle(options, properties.getSslBundle(), sslBundles.getObject());
		}
		return new RotatingLoginConnectionFactory(options,
				new PostgresLogin(endpoint.user(), endpoint.loginPassword()));
	}

	@Bean
	DatabaseLoginRotation libraryDatabaseLoginRotation(ObjectProvider<DatabaseLoginSource> loginSource,
			RotatingLoginConnectionFactory libraryDatabaseConnectionFactory) {
		return new DatabaseLoginRotation(loginSource.getIfAvailable(), libraryDatabaseConnectionFactory);
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = "libraryDatabaseConnectionPool")
	ConnectionPool libraryDatabaseConnectionPool(RotatingLoginConnectionFactory libraryDatabaseConnectionFactory,
			DatabaseProperties properties) {
		DatabaseProperties.Pool pool = properties.getPool();
		Duration maxIdleTime = pool.getMaxIdleTime();
		return new ConnectionPool(ConnectionPoolConfiguration.builder(libraryDatabaseConnectionFactory)
			.name("library-database")
			.initialSize(Math.min(pool.getInitialSize(), pool.getMaxSize()))
			.maxSize(pool.getMaxSize())
			.maxAcquireTime(pool.getMaxAcquireTime())
			.maxIdleTime(maxIdleTime)
			// Connections of a rotated login are closed when returned or found idle (this
			// replaces the pool's own predicate, so its idle-time rule is repeated here).
			.backgroundEvictionInterval((maxIdleTime.isPositive() && maxIdleTime.compareTo(STALE_LOGIN_SWEEP) < 0)
					? maxIdleTime : STALE_LOGIN_SWEEP)
			.customizer((builder) -> builder
				.evictionPredicate((connection, metadata) -> libraryDatabaseConnectionFactory.isStale(connection)
						|| (!maxIdleTime.isNegative() && metadata.idleTime() >= maxIdleTime.toMillis())))
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	DatabaseConnectionCheck libraryDatabaseConnectionCheck(ConnectionPool libraryDatabaseConnectionPool,
			DatabaseProperties properties) {
		return new DatabaseConnectionCheck(libraryDatabaseConnectionPool, properties.getHealth().getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	DatabasePoolMetrics libraryDatabasePoolMetrics(ConnectionPool libraryDatabaseConnectionPool) {
		return new DatabasePoolMetrics(libraryDatabaseConnectionPool);
	}

	@Bean
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnMissingBean(name = "databaseHealthIndicator")
	DatabaseHealthIndicator databaseHealthIndicator(DatabaseConnectionCheck check, PostgresEndpoint endpoint,
			ObjectProvider<PostgresStatePersistence> persistence) {
		return new DatabaseHealthIndicator(check, endpoint.describe(), persistence.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	DatabaseTables libraryDatabaseTables(ConnectionPool libraryDatabaseConnectionPool, DatabaseProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new DatabaseTables(libraryDatabaseConnectionPool, properties.toTableDefinitions(),
				properties.getQueryTimeout(), jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	LibraryComponent databaseComponent(DatabaseConnectionCheck check, DatabaseProperties properties,
			ObjectProvider<PostgresStatePersistence> persistence, ObjectProvider<ComponentRegistry> components,
			DatabaseTables tables, ObjectProvider<StateStore> store, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<MeterRegistry> meters) {
		List<StateTableRoute> routes = properties.toRoutes(tables);
		StateStore stateStore = store.getIfAvailable();
		StateTableRouter router = (stateStore != null && !routes.isEmpty()) ? new StateTableRouter(stateStore, tables,
				routes, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				meters.getIfAvailable(CompositeMeterRegistry::new)) : null;
		return new DatabaseComponent(check, properties.getHealth().getCheckInterval(), persistence.getIfAvailable(),
				components::getIfAvailable, tables, router);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "library.database.replication.mode", havingValue = "single", matchIfMissing = true)
	static class SingleReplicaConfiguration {

		@Bean
		@ConditionalOnMissingBean(StatePersistence.class)
		@ConditionalOnProperty(name = "library.database.state-persistence", matchIfMissing = true)
		PostgresStatePersistence statePersistence(ConnectionPool libraryDatabaseConnectionPool,
				PostgresEndpoint endpoint, DatabaseProperties properties,
				ObjectProvider<StateProperties> stateProperties, ObjectProvider<JsonMapper> jsonMapper,
				ObjectProvider<MeterRegistry> meters) {
			Path bufferDirectory = properties.getBuffer().getDirectory();
			if (bufferDirectory == null) {
				Path dataDir = stateProperties.getIfAvailable(StateProperties::new).getDataDir();
				bufferDirectory = dataDir.resolve("database-buffer");
			}
			return new PostgresStatePersistence(libraryDatabaseConnectionPool, endpoint, bufferDirectory,
					properties.getBuffer().getMaxChanges(),
					jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), properties.getQueryTimeout(),
					meters.getIfAvailable(CompositeMeterRegistry::new));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "library.database.replication.mode", havingValue = "shared")
	static class SharedReplicasConfiguration {

		@Bean(initMethod = "start", destroyMethod = "stop")
		@ConditionalOnMissingBean(StateStore.class)
		PostgresStateStore sharedStateStore(ConnectionPool libraryDatabaseConnectionPool,
				RotatingLoginConnectionFactory libraryDatabaseConnectionFactory, PostgresEndpoint endpoint,
				DatabaseProperties properties, ObjectProvider<StateProperties> stateProperties,
				ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<SchemaRegistry> schemas,
				ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
			return new PostgresStateStore(libraryDatabaseConnectionPool, libraryDatabaseConnectionFactory, endpoint,
					stateProperties.getIfAvailable(StateProperties::new).toOptions(),
					jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), schemas.getIfAvailable(),
					meters.getIfAvailable(CompositeMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC),
					properties.getQueryTimeout(), properties.getReplication().getPollInterval());
		}

		@Bean
		@ConditionalOnClass(ReactiveHealthIndicator.class)
		@ConditionalOnMissingBean(name = "stateStoreHealthIndicator")
		SharedStateStoreHealthIndicator stateStoreHealthIndicator(ObjectProvider<PostgresStateStore> store) {
			return new SharedStateStoreHealthIndicator(store.getObject());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class DatabaseRoutesConfiguration {

		private static final String PROBLEM_JSON = "application/problem+json";

		@Bean
		@ConditionalOnMissingBean
		DatabaseTableHandler databaseTableHandler(DatabaseTables tables) {
			return new DatabaseTableHandler(tables);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/database/tables", method = RequestMethod.GET,
						beanClass = DatabaseTableHandler.class, beanMethod = "list",
						operation = @Operation(operationId = "listDatabaseTables",
								summary = "List the tables declared in library.database.tables",
								description = "Each table with its columns, primary key, time column, retention "
										+ "and row count.",
								tags = "database",
								responses = {
										@ApiResponse(responseCode = "200", description = "The tables",
												content = @Content(mediaType = "application/json")),
										@ApiResponse(responseCode = "503", description = "PostgreSQL cannot be reached",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/database/tables/{name}/rows", method = RequestMethod.GET,
						beanClass = DatabaseTableHandler.class, beanMethod = "rows",
						operation = @Operation(operationId = "listDatabaseTableRows",
								summary = "Page the rows of a declared table",
								description = "Rows ordered by the table's time column, then its primary key "
										+ "(or the rows' position when it has none). A page that is not the last "
										+ "has a nextCursor.",
								tags = "database",
								parameters = {
										@Parameter(name = "name", in = ParameterIn.PATH, required = true,
												description = "Table name"),
										@Parameter(name = "since", in = ParameterIn.QUERY,
												description = "ISO-8601 instant: only rows at or after it (tables "
														+ "with a time column)"),
										@Parameter(name = "limit", in = ParameterIn.QUERY,
												description = "Largest number of rows, 1 to 1000 (default 100)"),
										@Parameter(name = "cursor", in = ParameterIn.QUERY,
												description = "The nextCursor of the previous page; omit it for the "
														+ "first page") },
								responses = {
										@ApiResponse(responseCode = "200", description = "The rows",
												content = @Content(mediaType = "application/json")),
										@ApiResponse(responseCode = "400",
												description = "Invalid since, limit or cursor",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No such declared table",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "503", description = "PostgreSQL cannot be reached",
												content = @Content(mediaType = PROBLEM_JSON,
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> databaseRoutes(DatabaseTableHandler handler) {
			return DatabaseRoutes.create(handler);
		}

		@Bean
		RouteAccess databaseRouteAccess() {
			return RouteAccess.of("database").read("/database/tables", "/database/tables/*/rows").build();
		}

	}

}
