package dev.library.observability.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmHandler;
import dev.library.observability.alarm.AlarmHealthIndicator;
import dev.library.observability.alarm.AlarmMetrics;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.AlarmState;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.security.RouteAccess;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AlarmAutoConfiguration} and the checks of {@link AlarmProperties}.
 *
 * @author Library
 */
class AlarmAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
				SchemaAutoConfiguration.class, StateAutoConfiguration.class, AlarmAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("library.state.persistence=memory", "library.alarms.evaluation-interval=20ms");

	@Test
	void alarmsShouldRunWithTheComponentAndEvaluateStateChanges() {
		this.contextRunner
			.withPropertyValues("library.alarms.definitions[0].name=tank-hot",
					"library.alarms.definitions[0].key=plant.*.temperature", "library.alarms.definitions[0].type=hi",
					"library.alarms.definitions[0].limit=80", "library.alarms.definitions[0].on-delay=100ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(AlarmEngine.class)
					.hasSingleBean(AlarmMetrics.class)
					.hasSingleBean(AlarmHealthIndicator.class)
					.doesNotHaveBean(AlarmHandler.class);
				assertThat(context.getBeansOfType(RouteAccess.class).values())
					.anyMatch((access) -> access.component().equals("alarms"));
				assertThat(context.getBean(ComponentRegistry.class).component("alarms").orElseThrow().state())
					.isEqualTo(ComponentState.RUNNING);
				context.getBean(StateStore.class)
					.put("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(99), "test", Quality.GOOD)
					.block(Duration.ofSeconds(10));
				AlarmEngine engine = context.getBean(AlarmEngine.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> engine.alarm("tank-hot.plant.tank1.temperature")
						.filter((alarm) -> alarm.state() == AlarmState.UNACK)
						.isPresent());
			});
	}

	@Test
	void contributedDefinitionsShouldJoinTheConfiguredOnesUnlessOneOfTheSameNameReplacesThem() {
		this.contextRunner
			.withBean("expiry", AlarmDefinition.class,
					() -> new AlarmDefinition("cert-expiry", "library.test.days-left", AlarmConditionType.LO, 14.0, 0,
							null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR, "", null, Set.of(),
							null, null))
			.withBean("other", AlarmDefinition.class,
					() -> new AlarmDefinition("contributed-only", "library.test.other", AlarmConditionType.HI, 1.0, 0,
							null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MINOR, "", null, Set.of(),
							null, null))
			.withPropertyValues("library.alarms.definitions[0].name=cert-expiry",
					"library.alarms.definitions[0].key=library.test.days-left", "library.alarms.definitions[0].type=lo",
					"library.alarms.definitions[0].limit=30", "library.alarms.definitions[0].severity=critical")
			.run((context) -> {
				List<AlarmDefinition> definitions = context.getBean(AlarmEngine.class).definitions();
				assertThat(definitions).extracting(AlarmDefinition::name)
					.containsExactly("cert-expiry", "contributed-only");
				assertThat(definitions.get(0).limit()).isEqualTo(30.0);
				assertThat(definitions.get(0).severity()).isEqualTo(AlarmSeverity.CRITICAL);
			});
	}

	@Test
	void aDefinitionWithoutItsLimitShouldStopStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("library.alarms.definitions[0].name=tank-hot",
				"library.alarms.definitions[0].key=plant.tank1.temperature", "library.alarms.definitions[0].type=hihi")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("library.alarms.definitions[0].limit")
				.hasMessageContaining("needs a limit"));
	}

	@Test
	void duplicateNamesShouldStopStartUp() {
		this.contextRunner
			.withPropertyValues("library.alarms.definitions[0].name=a", "library.alarms.definitions[0].key=x",
					"library.alarms.definitions[0].type=bad-quality", "library.alarms.definitions[1].name=a",
					"library.alarms.definitions[1].key=y", "library.alarms.definitions[1].type=bad-quality")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("library.alarms.definitions[1].name")
				.hasMessageContaining("Another definition"));
	}

	@Test
	void invalidKeysAndMissingPartsShouldStopStartUp() {
		assertStartUpFails("library.alarms.definitions[0].key", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=plant..x", "library.alarms.definitions[0].type=hi",
				"library.alarms.definitions[0].limit=1");
		assertStartUpFails("library.alarms.definitions[0].key", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=alarms.x", "library.alarms.definitions[0].type=bad-quality");
		assertStartUpFails("library.alarms.definitions[0].type", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=x");
		assertStartUpFails("library.alarms.definitions[0].value", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=x", "library.alarms.definitions[0].type=equals");
		assertStartUpFails("library.alarms.definitions[0].stale-after", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=x", "library.alarms.definitions[0].type=stale");
		assertStartUpFails("library.alarms.definitions[0].deadband", "library.alarms.definitions[0].name=a",
				"library.alarms.definitions[0].key=x", "library.alarms.definitions[0].type=lo",
				"library.alarms.definitions[0].limit=1", "library.alarms.definitions[0].deadband=-1");
		assertStartUpFails("library.alarms.definitions[0].name", "library.alarms.definitions[0].name=Not Valid",
				"library.alarms.definitions[0].key=x", "library.alarms.definitions[0].type=bad-quality");
		assertStartUpFails("library.alarms.definitions[0].suppressed-when.equals",
				"library.alarms.definitions[0].name=a", "library.alarms.definitions[0].key=x",
				"library.alarms.definitions[0].type=bad-quality",
				"library.alarms.definitions[0].suppressed-when.key=plant.pump1.running");
	}

	private void assertStartUpFails(String property, String... properties) {
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(property));
	}

}
