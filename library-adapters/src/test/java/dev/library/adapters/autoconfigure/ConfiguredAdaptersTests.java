package dev.library.adapters.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.TestAdapterProvider;
import dev.library.adapters.interlock.Condition;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.adapters.spi.PointConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks of {@code library.adapters.*} in {@link ConfiguredAdapters}: each problem names
 * its property.
 *
 * @author Library
 */
class ConfiguredAdaptersTests {

	private static final String POINT = "library.adapters.instances[0].devices[0].points[0].";

	private final AdapterRegistry registry = new AdapterRegistry(List.of(), getClass().getClassLoader());

	@Test
	void validConfigurationGetsDefaultsForAddressStateKeyAndSafeValue() {
		ConfiguredAdapters adapters = configure(props(POINT + "name", "running", POINT + "address", "pump.running",
				POINT + "data-type", "BOOLEAN", POINT + "access", "READ_WRITE"));
		PointConfig point = adapters.instances().get(0).config().points().get(0);
		assertThat(point.stateKey()).isEqualTo("plant.pump1.running");
		assertThat(point.safeValue()).isEqualTo(false);
		assertThat(point.pollInterval()).isNull();
		assertThat(adapters.instances().get(0).watchdogTimeout()).isEqualTo(Duration.ofSeconds(5));
		adapters.instances().forEach((instance) -> instance.adapter().close());
	}

	@Test
	void badLimitsAreRefused() {
		assertProblems(props(POINT + "name", "position", POINT + "address", "valve.position", POINT + "minimum", "100",
				POINT + "maximum", "0"), POINT + "minimum: 100.0 is greater than maximum 0.0");
		assertProblems(props(POINT + "name", "running", POINT + "address", "pump.running", POINT + "data-type",
				"BOOLEAN", POINT + "maximum", "1"), "minimum and maximum apply to INTEGER and FLOAT points only");
	}

	@Test
	void safeValueMustFitTheOutput() {
		assertProblems(
				props(POINT + "name", "position", POINT + "address", "valve.position", POINT + "access", "READ_WRITE",
						POINT + "minimum", "10", POINT + "maximum", "100"),
				POINT + "safe-value: the default 0 is outside the limits [10.0, 100.0]");
		assertProblems(
				props(POINT + "name", "running", POINT + "address", "pump.running", POINT + "data-type", "BOOLEAN",
						POINT + "access", "READ_WRITE", POINT + "safe-value", "off"),
				POINT + "safe-value: 'off' is not a BOOLEAN value");
		assertProblems(props(POINT + "name", "level", POINT + "address", "tank.level", POINT + "safe-value", "0"),
				"only outputs (access READ_WRITE) have a safe value");
	}

	@Test
	void idsMustBeValidAndUnique() {
		assertProblems(
				props(POINT + "name", "level", POINT + "address", "tank.level",
						"library.adapters.instances[0].devices[0].points[1].name", "level",
						"library.adapters.instances[0].devices[0].points[1].address", "tank.level"),
				"point 'pump1.level' is declared twice");
		assertProblems(props(POINT + "name", "tank level", POINT + "address", "tank.level"),
				POINT + "name: 'tank level' is not a valid point id");
		assertProblems(props(POINT + "name", "level", POINT + "address", "tank.level", POINT + "state-key", "a..b"),
				POINT + "state-key:");
	}

	@Test
	void unknownAddressOfTheTypeIsReportedWithItsInstance() {
		assertProblems(props(POINT + "name", "level", POINT + "address", "tank.volume"),
				"library.adapters.instances[0]: Adapter 'plant', point pump1.level: the virtual plant has no address"
						+ " 'tank.volume'");
	}

	@Test
	void interlocksAreParsedIntoConditions() {
		ConfiguredAdapters adapters = configure(props(POINT + "name", "running", POINT + "address", "pump.running",
				POINT + "data-type", "BOOLEAN", POINT + "access", "READ_WRITE", "library.adapters.interlocks[0].id",
				"room", "library.adapters.interlocks[0].output", "pump1.running",
				"library.adapters.interlocks[0].when.all[0].key", "plant.tank1.level",
				"library.adapters.interlocks[0].when.all[0].operator", "LT",
				"library.adapters.interlocks[0].when.all[0].value", "90",
				"library.adapters.interlocks[0].when.all[1].key", "plant.valve1.state",
				"library.adapters.interlocks[0].when.all[1].operator", "EQ",
				"library.adapters.interlocks[0].when.all[1].value", "open"));
		Condition condition = adapters.interlocks().all().get(0).condition();
		assertThat(condition.describe()).isEqualTo("(plant.tank1.level < 90 and plant.valve1.state == \"open\")");
		assertThat(condition.keys()).containsExactlyInAnyOrder("plant.tank1.level", "plant.valve1.state");
		adapters.instances().forEach((instance) -> instance.adapter().close());
	}

	@Test
	void badInterlocksAreRefused() {
		Map<String, String> output = props(POINT + "name", "level", POINT + "address", "tank.level",
				"library.adapters.interlocks[0].id", "room", "library.adapters.interlocks[0].output", "pump1.level",
				"library.adapters.interlocks[0].when.key", "plant.tank1.level",
				"library.adapters.interlocks[0].when.operator", "GT", "library.adapters.interlocks[0].when.value",
				"high");
		assertProblems(output, "library.adapters.interlocks[0].output: point 'pump1.level' is an input",
				"library.adapters.interlocks[0].when.value: GT compares numbers, got 'high'");
		assertProblems(
				props(POINT + "name", "level", POINT + "address", "tank.level", "library.adapters.interlocks[0].id",
						"room", "library.adapters.interlocks[0].output", "pump9.running"),
				"library.adapters.interlocks[0].output: no point 'pump9.running'",
				"library.adapters.interlocks[0].when: missing");
	}

	@Test
	void instancesOfOneTypeAreCheckedTogether() {
		AdapterProvider exclusive = new AdapterProvider() {

			@Override
			public String type() {
				return "exclusive";
			}

			@Override
			public Adapter create(AdapterConfig config) {
				return new TestAdapterProvider().create(config);
			}

			@Override
			public void checkInstances(List<AdapterConfig> configs) {
				if (configs.size() > 1) {
					throw new AdapterConfigurationException(
							"instances " + configs.stream().map(AdapterConfig::id).toList() + " share one port");
				}
			}

		};
		AdapterRegistry registry = new AdapterRegistry(List.of(exclusive), getClass().getClassLoader());
		Map<String, String> properties = props("library.adapters.instances[0].id", "a",
				"library.adapters.instances[0].type", "exclusive", "library.adapters.instances[1].id", "b",
				"library.adapters.instances[1].type", "exclusive");
		AdaptersProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bind("library.adapters", AdaptersProperties.class)
			.get();
		assertThatExceptionOfType(AdaptersConfigurationException.class)
			.isThrownBy(() -> ConfiguredAdapters.of(bound, registry, JsonMapper.builder().build()))
			.satisfies((ex) -> assertThat(ex.getProblems())
				.containsExactly("library.adapters.instances: instances [a, b] share one port"));
		properties.remove("library.adapters.instances[1].id");
		properties.remove("library.adapters.instances[1].type");
		AdaptersProperties one = new Binder(new MapConfigurationPropertySource(properties))
			.bind("library.adapters", AdaptersProperties.class)
			.get();
		ConfiguredAdapters.of(one, registry, JsonMapper.builder().build())
			.instances()
			.forEach((instance) -> instance.adapter().close());
	}

	private static Map<String, String> props(String... keysAndValues) {
		Map<String, String> properties = new java.util.HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

	private void assertProblems(Map<String, String> properties, String... expected) {
		assertThatExceptionOfType(AdaptersConfigurationException.class).isThrownBy(() -> configure(properties))
			.satisfies((ex) -> {
				for (String problem : expected) {
					assertThat(ex.getProblems()).anySatisfy((actual) -> assertThat(actual).contains(problem));
				}
			});
	}

	private ConfiguredAdapters configure(Map<String, String> points) {
		Map<String, String> properties = new java.util.HashMap<>(points);
		properties.put("library.adapters.instances[0].id", "plant");
		properties.put("library.adapters.instances[0].type", "virtual");
		properties.put("library.adapters.instances[0].devices[0].id", "pump1");
		AdaptersProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bind("library.adapters", AdaptersProperties.class)
			.get();
		return ConfiguredAdapters.of(bound, this.registry, JsonMapper.builder().build());
	}

}
