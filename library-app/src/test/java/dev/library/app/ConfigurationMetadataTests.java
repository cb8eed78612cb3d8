package dev.library.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code library.*} property carries a description in the generated configuration
 * metadata (so IDEs complete and explain it) and is listed in docs/configuration.md.
 *
 * @author Library
 */
class ConfigurationMetadataTests {

	private static final List<Map<String, Object>> properties = new ArrayList<>();

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void loadMetadata() throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				Map<String, Object> metadata = mapper.readValue(in, Map.class);
				for (Map<String, Object> property : (List<Map<String, Object>>) metadata.getOrDefault("properties",
						List.of())) {
					if (((String) property.get("name")).startsWith("library.")) {
						properties.add(property);
					}
				}
			}
		}
	}

	@Test
	void metadataCoversTheCoreProperties() {
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("library.enabled-components", "library.core.start-timeout", "library.api.max-body-size");
	}

	@Test
	void everyLibraryPropertyHasADescription() {
		assertThat(properties)
			.filteredOn(
					(property) -> !(property.get("description") instanceof String description) || description.isBlank())
			.extracting((property) -> property.get("name"))
			.isEmpty();
	}

	@Test
	void everyLibraryPropertyIsInTheConfigurationReference() throws IOException {
		String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
		TreeSet<String> missing = new TreeSet<>();
		properties.forEach((property) -> {
			String name = (String) property.get("name");
			if (!reference.contains("`" + name + "`")) {
				missing.add(name);
			}
		});
		assertThat(missing).isEmpty();
	}

}
