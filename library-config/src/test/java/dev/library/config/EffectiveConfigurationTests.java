package dev.library.config;

import java.util.Map;

import dev.library.config.EffectiveConfiguration.ConfiguredValue;
import dev.library.config.EffectiveConfiguration.PropertyDelta;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EffectiveConfiguration}.
 *
 * @author Library
 */
class EffectiveConfigurationTests {

	private static final ConfigurationPropertyName STOP = ConfigurationPropertyName.of("library.core.stop-timeout");

	@Test
	void highestPrecedenceSourceWinsAndSaysWhereTheValueIsSet() {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("commandLineArgs", Map.of("library.api.max-body-size", "2MB")));
		sources
			.addLast(applicationYaml(Map.of("library.core.stop-timeout", "10s", "library.api.max-body-size", "1MB")));
		EffectiveConfiguration configuration = EffectiveConfiguration.of(sources);
		ConfiguredValue stop = configuration.values().get(STOP);
		assertThat(stop.value()).isEqualTo("10s");
		assertThat(stop.source()).isEqualTo("Config resource 'class path resource [application.yaml]'");
		assertThat(stop.origin()).isEqualTo("class path resource [application.yaml] - 4:5");
		ConfiguredValue body = configuration.values().get(ConfigurationPropertyName.of("library.api.max-body-size"));
		assertThat(body.value()).isEqualTo("2MB");
		assertThat(body.source()).isEqualTo("commandLineArgs");
	}

	@Test
	void environmentVariableOverridesTheSamePropertyInAnotherForm() {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("LIBRARY_CORE_STOPTIMEOUT", "3s", "LIBRARY_ENABLEDCOMPONENTS_KAFKA", "true", "PATH", "/bin")));
		sources.addLast(applicationYaml(Map.of("library.core.stop-timeout", "10s")));
		EffectiveConfiguration configuration = EffectiveConfiguration.of(sources);
		assertThat(configuration.value(STOP)).isEqualTo("3s");
		assertThat(configuration.value(ConfigurationPropertyName.of("library.enabled-components.kafka")))
			.isEqualTo("true");
		assertThat(configuration.values()).hasSize(2);
	}

	@Test
	void placeholdersAreResolved() {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("test",
				Map.of("library.core.stop-timeout", "${grace:4}s", "grace", "6", "other.value", "x")));
		EffectiveConfiguration configuration = EffectiveConfiguration.of(sources);
		assertThat(configuration.value(STOP)).isEqualTo("6s");
		assertThat(configuration.values()).containsOnlyKeys(STOP);
	}

	@Test
	void changesToListsChangedAddedAndRemovedValuesButNotMovedOnes() {
		MutablePropertySources before = new MutablePropertySources();
		before.addLast(new MapPropertySource("a", Map.of("library.core.stop-timeout", "10s", "library.x.same", "1",
				"library.x.removed", "r", "library.x.moved", "m")));
		MutablePropertySources after = new MutablePropertySources();
		after.addLast(new MapPropertySource("b", Map.of("library.x.moved", "m")));
		after.addLast(new MapPropertySource("a",
				Map.of("library.core.stop-timeout", "5s", "library.x.same", "1", "library.x.added", "n")));
		assertThat(EffectiveConfiguration.of(before).changesTo(EffectiveConfiguration.of(after))).containsExactly(
				new PropertyDelta(STOP, "10s", "5s"),
				new PropertyDelta(ConfigurationPropertyName.of("library.x.added"), null, "n"),
				new PropertyDelta(ConfigurationPropertyName.of("library.x.removed"), "r", null));
	}

	private static OriginTrackedMapPropertySource applicationYaml(Map<String, String> values) {
		ClassPathResource resource = new ClassPathResource("application.yaml");
		Map<String, Object> tracked = new java.util.LinkedHashMap<>();
		values.forEach((name, value) -> tracked.put(name,
				OriginTrackedValue.of(value, new TextResourceOrigin(resource, new Location(3, 4)))));
		return new OriginTrackedMapPropertySource("Config resource 'class path resource [application.yaml]'", tracked);
	}

}
