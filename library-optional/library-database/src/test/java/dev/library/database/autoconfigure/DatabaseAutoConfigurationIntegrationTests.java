package dev.library.database.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.database.DatabaseHealthIndicator;
import dev.library.database.DatabasePoolMetrics;
import dev.library.database.PostgresStatePersistence;
import dev.library.database.TestPostgres;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.EmbeddedStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StatePersistence;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseAutoConfiguration}, against a real PostgreSQL.
 *
 * @author Library
 */
class DatabaseAutoConfigurationIntegrationTests {

	private static TestPostgres.TestDatabase database;

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class, DatabaseAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@BeforeAll
	static void createDatabase() {
		database = TestPostgres.createDatabase();
	}

	@AfterAll
	static void dropDatabase() {
		database.restore();
		database.close();
	}

	private ApplicationContextRunner enabled() {
		return this.contextRunner.withPropertyValues("library.enabled-components.database=true",
				"library.database.url=" + database.r2dbcUrl(), "library.database.username=" + database.username(),
				"library.database.password=" + database.password(), "library.state.data-dir=" + this.dataDir,
				"library.database.health.check-interval=200ms", "library.database.health.timeout=1s");
	}

	@Test
	void componentOffCreatesNoDatabaseBeansAndTheStateStaysEmbedded() {
		this.contextRunner.withPropertyValues("library.state.data-dir=" + this.dataDir).run((context) -> {
			assertThat(context).doesNotHaveBean(ConnectionPool.class).doesNotHaveBean(DatabaseHealthIndicator.class);
			assertThat(context.getBean(StatePersistence.class)).isInstanceOf(EmbeddedStatePersistence.class);
		});
	}

	@Test
	void statePersistenceCanBeLeftEmbeddedWithTheComponentOn() {
		enabled().withPropertyValues("library.database.state-persistence=false").run((context) -> {
			assertThat(context).hasSingleBean(ConnectionPool.class);
			assertThat(context.getBean(StatePersistence.class)).isInstanceOf(EmbeddedStatePersistence.class);
		});
	}

	@Test
	void stateGoesToPostgresAndSurvivesARestartOfTheContext() {
		enabled().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(StatePersistence.class)).isInstanceOf(PostgresStatePersistence.class);
			assertThat(state(context, "database")).isEqualTo(ComponentState.RUNNING);
			context.getBean(StateStore.class)
				.put("plant.tank1.level", JsonNodeFactory.instance.numberNode(7), "test", Quality.GOOD)
				.block();
		});
		enabled().run((context) -> assertThat(
				context.getBean(StateStore.class).get("plant.tank1.level").block().value().asInt())
			.isEqualTo(7));
	}

	@Test
	void healthAndComponentReportTheDatabaseDownDuringAnOutageWhileThePlatformStaysUp() {
		enabled().run((context) -> {
			DatabaseHealthIndicator health = context.getBean(DatabaseHealthIndicator.class);
			assertThat(health.health().block().getStatus()).isEqualTo(Status.UP);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// Boot's actuator binds MeterBinder beans; this context has none
			context.getBean(DatabasePoolMetrics.class).bindTo(meters);
			assertThat(meters.get("library.database.pool.max").gauge().value()).isEqualTo(10);
			assertThat(meters.find("library.database.buffer.changes").gauge()).isNotNull();
			database.cutOff();
			try {
				Health down = health.health().block(Duration.ofSeconds(5));
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsKey("error").doesNotContainKey("password");
				awaitState(context, ComponentState.DEGRADED);
				// the platform keeps accepting state changes
				context.getBean(StateStore.class)
					.put("plant.tank1.level", JsonNodeFactory.instance.numberNode(8), "test", Quality.GOOD)
					.block(Duration.ofSeconds(30));
				assertThat(state(context, "state")).isEqualTo(ComponentState.RUNNING);
			}
			finally {
				database.restore();
			}
			awaitState(context, ComponentState.RUNNING);
			assertThat(health.health().block().getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(PostgresStatePersistence.class).bufferedChanges()).isZero();
		});
	}

	private static ComponentState state(AssertableApplicationContext context, String name) {
		return context.getBean(ComponentRegistry.class).component(name).orElseThrow().state();
	}

	private static void awaitState(AssertableApplicationContext context, ComponentState expected)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (state(context, "database") != expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(state(context, "database")).isEqualTo(expected);
	}

}
