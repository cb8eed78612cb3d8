package dev.library.state.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import dev.library.core.component.LibraryComponent;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.DefaultStateStore;
import dev.library.state.Durability;
import dev.library.state.EmbeddedStatePersistence;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateComponent;
import dev.library.state.StateHandler;
import dev.library.state.StatePersistence;
import dev.library.state.StateStore;
import dev.library.state.StateStoreHealthIndicator;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StateAutoConfiguration}.
 *
 * @author Library
 */
class StateAutoConfigurationTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void storeShouldStartWithTheComponentAndKeepItsDataInTheDataDirectory() {
		this.contextRunner.withPropertyValues("library.state.data-dir=" + this.dataDir).run((context) -> {
			assertThat(context).hasSingleBean(DefaultStateStore.class)
				.hasSingleBean(StateStoreHealthIndicator.class)
				.doesNotHaveBean(StateHandler.class);
			assertThat(context.getBean(StatePersistence.class)).isInstanceOf(EmbeddedStatePersistence.class);
			ComponentStatus status = context.getBean(ComponentRegistry.class).component("state").orElseThrow();
			assertThat(status.state()).isEqualTo(ComponentState.RUNNING);
			assertThat(status.descriptor().dependsOn()).containsExactlyInAnyOrder("config", "schemas");
			StateStore store = context.getBean(StateStore.class);
			store.put("plant.tank1.level", mapper.readTree("4.2"), "test", Quality.GOOD).block();
			Health health = context.getBean(StateStoreHealthIndicator.class).health().block();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("keys", 1)
				.containsEntry("committedSequence", 1L)
				.containsEntry("writerQueueDepth", 0)
				.containsEntry("persistence", "embedded:" + this.dataDir.toAbsolutePath());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("library.state.keys").gauge().value()).isEqualTo(1);
			assertThat(meters.get("library.state.changes").tag("type", "put").counter().count()).isEqualTo(1);
			assertThat(meters.get("library.state.commit.batch.size").summary().count()).isEqualTo(1);
			assertThat(meters.get("library.state.commit.duration").timer().count()).isEqualTo(1);
			assertThat(meters.get("library.state.watchers").gauge().value()).isZero();
			assertThat(meters.get("library.state.watchers.dropped").counter().count()).isZero();
		});
		assertThat(this.dataDir.resolve("state.store")).exists();
		this.contextRunner.withPropertyValues("library.state.data-dir=" + this.dataDir)
			.run((context) -> assertThat(
					context.getBean(StateStore.class).get("plant.tank1.level").block().value().asDouble())
				.isEqualTo(4.2));
	}

	@Test
	void healthShouldBeOutOfServiceOnceTheStoreIsStopped() {
		this.contextRunner.withPropertyValues("library.state.persistence=memory").run((context) -> {
			context.getBean(DefaultStateStore.class).stop();
			assertThat(context.getBean(StateStoreHealthIndicator.class).health().block().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void memoryPersistenceShouldWriteNothing() {
		this.contextRunner
			.withPropertyValues("library.state.persistence=memory", "library.state.data-dir=" + this.dataDir)
			.run((context) -> {
				assertThat(context.getBean(StatePersistence.class)).isInstanceOf(InMemoryStatePersistence.class);
				context.getBean(StateStore.class).put("a", mapper.readTree("1"), "test", Quality.GOOD).block();
			});
		assertThat(this.dataDir).isEmptyDirectory();
	}

	@Test
	void propertiesShouldBindAndConfigureTheStore() {
		this.contextRunner
			.withPropertyValues("library.state.persistence=memory", "library.state.durability=async",
					"library.state.max-value-size=2KB", "library.state.watch-buffer-size=50",
					"library.state.writer.queue-capacity=10", "library.state.writer.max-batch-size=5",
					"library.state.events.retention.max-age=1h", "library.state.events.retention.max-count=7",
					"library.state.events.retention.check-interval=10s",
					"library.state.data-dir=" + this.dataDir.resolve("x"))
			.run((context) -> {
				StateProperties properties = context.getBean(StateProperties.class);
				assertThat(properties.getDataDir()).isEqualTo(this.dataDir.resolve("x"));
				assertThat(properties.toOptions().maxValueSize().toBytes()).isEqualTo(2048);
				assertThat(properties.toOptions().watchBufferSize()).isEqualTo(50);
				assertThat(properties.toOptions().writerQueueCapacity()).isEqualTo(10);
				assertThat(properties.toOptions().maxBatchSize()).isEqualTo(5);
				assertThat(properties.toOptions().retentionMaxCount()).isEqualTo(7);
				assertThat(properties.toOptions().retentionMaxAge()).hasHours(1);
				assertThat(properties.toOptions().retentionInterval()).hasSeconds(10);
				assertThat(context.getBean(DefaultStateStore.class).status().durability()).isEqualTo(Durability.ASYNC);
			});
	}

	@Test
	void embeddedStoreShouldAcknowledgeAfterCommitByDefault() {
		this.contextRunner.withPropertyValues("library.state.data-dir=" + this.dataDir)
			.run((context) -> assertThat(context.getBean(DefaultStateStore.class).status().durability())
				.isEqualTo(Durability.SYNC));
	}

	@Test
	void invalidPropertyShouldStopStartUpNamingIt() {
		this.contextRunner.withPropertyValues("library.state.watch-buffer-size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("library.state.watch-buffer-size"));
	}

	@Test
	void userStoreShouldBackOffTheDefaultOneAndBeStartedByTheComponent() {
		DefaultStateStore userStore = new DefaultStateStore(new InMemoryStatePersistence(10),
				StateStoreOptions.defaults(), mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());
		this.contextRunner.withBean("userStore", StateStore.class, () -> userStore).run((context) -> {
			assertThat(context).hasSingleBean(StateStore.class);
			assertThat(context.getBean(StateStore.class)).isSameAs(userStore);
			assertThat(userStore.status().running()).isTrue();
		});
		assertThat(userStore.status().running()).isFalse();
	}

	@Test
	void userPersistenceShouldBackOffTheDefaultOne() {
		InMemoryStatePersistence persistence = new InMemoryStatePersistence(10);
		this.contextRunner.withBean(StatePersistence.class, () -> persistence)
			.run((context) -> assertThat(context.getBean(StatePersistence.class)).isSameAs(persistence));
	}

	@Test
	void componentShouldBeDeclaredOnce() {
		this.contextRunner.withPropertyValues("library.state.persistence=memory")
			.run((context) -> assertThat(context.getBeansOfType(LibraryComponent.class).values())
				.filteredOn((component) -> component instanceof StateComponent)
				.hasSize(1));
	}

	@Test
	void routesShouldBeServedInAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
					SchemaAutoConfiguration.class, StateAutoConfiguration.class))
			.withPropertyValues("library.state.persistence=memory")
			.run((context) -> {
				assertThat(context).hasSingleBean(StateHandler.class);
				assertThat(context.getBeanNamesForType(RouterFunction.class)).contains("stateRoutes");
			});
	}

}
