package dev.library.database.autoconfigure;

import java.nio.file.Path;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.database.DatabaseComponent;
import dev.library.database.DatabaseConnectionCheck;
import dev.library.database.DatabaseHealthIndicator;
import dev.library.database.DatabasePoolMetrics;
import dev.library.database.PostgresEndpoint;
import dev.library.database.PostgresStatePersistence;
import dev.library.state.StatePersistence;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import dev.library.state.autoconfigure.StateProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

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
@AutoConfiguration(before = StateAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnLibraryComponent("database")
@ConditionalOnClass(ConnectionPool.class)
@EnableConfigurationProperties(DatabaseProperties.class)
public final class DatabaseAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PostgresEndpoint libraryDatabaseEndpoint(DatabaseProperties properties) {
		return new PostgresEndpoint(properties.getUrl(), properties.getUsername(), properties.getPassword());
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean(name = "libraryDatabaseConnectionPool")
	ConnectionPool libraryDatabaseConnectionPool(PostgresEndpoint endpoint, DatabaseProperties properties) {
		ConnectionFactoryOptions options = endpoint.options();
		Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
		if (!"postgresql".equals(driver)) {
			throw new IllegalStateException("library.database.url must be a PostgreSQL R2DBC URL such as "
					+ "r2dbc:postgresql://localhost:5432/library (the pool is configured by library.database.pool.*)");
		}
		options = options.mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, properties.getConnectTimeout())
			.build();
		DatabaseProperties.Pool pool = properties.getPool();
		return new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
			.name("library-database")
			.initialSize(Math.min(pool.getInitialSize(), pool.getMaxSize()))
			.maxSize(pool.getMaxSize())
			.maxAcquireTime(pool.getMaxAcquireTime())
			.maxIdleTime(pool.getMaxIdleTime())
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	DatabaseConnectionCheck libraryDatabaseConnectionCheck(ConnectionPool libraryDatabaseConnectionPool,
			DatabaseProperties properties) {
		return new DatabaseConnectionCheck(libraryDatabaseConnectionPool, properties.getHealth().getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(StatePersistence.class)
	@ConditionalOnProperty(name = "library.database.state-persistence", matchIfMissing = true)
	PostgresStatePersistence statePersistence(ConnectionPool libraryDatabaseConnectionPool, PostgresEndpoint endpoint,
			DatabaseProperties properties, ObjectProvider<StateProperties> stateProperties,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<MeterRegistry> meters) {
		Path bufferDirectory = properties.getBuffer().getDirectory();
		if (bufferDirectory == null) {
			Path dataDir = stateProperties.getIfAvailable(StateProperties::new).getDataDir();
			bufferDirectory = dataDir.resolve("database-buffer");
		}
		return new PostgresStatePersistence(libraryDatabaseConnectionPool, endpoint, bufferDirectory,
				properties.getBuffer().getMaxChanges(), jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				properties.getQueryTimeout(), meters.getIfAvailable(CompositeMeterRegistry::new));
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
	LibraryComponent databaseComponent(DatabaseConnectionCheck check, DatabaseProperties properties,
			ObjectProvider<PostgresStatePersistence> persistence, ObjectProvider<ComponentRegistry> components) {
		return new DatabaseComponent(check, properties.getHealth().getCheckInterval(), persistence.getIfAvailable(),
				components::getIfAvailable, null);
	}

}
