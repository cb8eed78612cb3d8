package dev.library.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link SchemaResources}.
 *
 * @author Library
 */
class SchemaResourcesTests {

	private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

	@Test
	void loadShouldNameEachClasspathSchemaAfterItsFileAndGiveItsClasspathLocation() {
		List<SchemaDefinition> definitions = SchemaResources.load(this.resolver,
				List.of("classpath*:schemas/**/*.schema.json"));
		assertThat(definitions).extracting(SchemaDefinition::name, SchemaDefinition::source)
			.containsExactly(tuple("point", "classpath:schemas/common/point.schema.json"),
					tuple("plant.tank", "classpath:schemas/plant.tank.schema.json"));
		assertThat(definitions.get(1).schema().get("title").asString()).isEqualTo("Tank");
	}

	@Test
	void loadShouldReadFilesFromTheFileSystem(@TempDir Path directory) throws IOException {
		Path file = Files.writeString(directory.resolve("pump.schema.json"), "{\"title\":\"Pump\"}");
		Files.writeString(directory.resolve("notes.txt"), "not a schema");
		List<SchemaDefinition> definitions = SchemaResources.load(this.resolver,
				List.of(directory.toUri() + "*.schema.json"));
		assertThat(definitions).singleElement().satisfies((definition) -> {
			assertThat(definition.name()).isEqualTo("pump");
			assertThat(definition.source()).startsWith("file:").endsWith(file.toString());
		});
	}

	@Test
	void loadWhenLocationMatchesNothingShouldReturnNothing() {
		assertThat(SchemaResources.load(this.resolver, List.of("classpath*:nowhere/**/*.schema.json"))).isEmpty();
	}

	@Test
	void loadWhenAFileIsNotJsonShouldFailNamingTheFile() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> SchemaResources.load(this.resolver, List.of("classpath:schemas/invalid/not-json.json")))
			.withMessageStartingWith("Schema 'not-json' from classpath:schemas/invalid/not-json.json cannot be "
					+ "registered: it is not valid JSON: ")
			.withMessageContaining("(line 6, column 1)");
	}

}
