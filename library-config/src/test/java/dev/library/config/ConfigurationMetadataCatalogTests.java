package dev.library.config;

import java.util.List;

import dev.library.config.ConfigurationMetadataCatalog.PropertyMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigurationMetadataCatalog}.
 *
 * @author Library
 */
class ConfigurationMetadataCatalogTests {

	private final ConfigurationMetadataCatalog catalog = ConfigurationMetadataCatalog.load(getClass().getClassLoader());

	@Test
	void loadsTheLibraryPropertiesOfEveryModuleWithTheirDefaults() {
		assertThat(this.catalog.properties()).extracting((property) -> property.name().toString())
			.contains("library.core.stop-timeout", "library.api.max-body-size", "library.config.watch-interval",
					"library.config.reload-history")
			.allMatch((name) -> name.startsWith("library."));
		assertThat(this.catalog.properties())
			.filteredOn((property) -> property.name().toString().equals("library.config.watch-interval"))
			.singleElement()
			.satisfies((property) -> {
				assertThat(property.defaultValue()).isEqualTo("2s");
				assertThat(property.sourceType()).isEqualTo("dev.library.config.autoconfigure.ConfigProperties");
			});
	}

	@Test
	void canonicalNameRestoresDashesOfAnEnvironmentVariableName() {
		assertThat(this.catalog.canonicalName(ConfigurationPropertyName.adapt("library.core.stoptimeout", '.')))
			.isEqualTo("library.core.stop-timeout");
		assertThat(this.catalog.canonicalName(ConfigurationPropertyName.adapt("library.enabledcomponents.kafka", '.')))
			.isEqualTo("library.enabled-components.kafka");
	}

	@Test
	void canonicalNameKeepsWhatTheMetadataDoesNotKnow() {
		ConfigurationMetadataCatalog catalog = ConfigurationMetadataCatalog.of(List
			.of(new PropertyMetadata(ConfigurationPropertyName.of("library.items"), "com.example.Items", null)));
		assertThat(catalog.canonicalName(ConfigurationPropertyName.of("library.items[0].name")))
			.isEqualTo("library.items[0].name");
		assertThat(catalog.canonicalName(ConfigurationPropertyName.of("library.other.thing")))
			.isEqualTo("library.other.thing");
	}

}
