package dev.library.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConfigFilePropertySource}.
 *
 * @author Library
 */
class ConfigFilePropertySourceTests {

	@TempDir
	Path directory;

	@Test
	void yamlIsFlattenedWithTheOriginOfEachValue() throws Exception {
		Path file = write("application.yaml", """
				library:
				  core:
				    stop-timeout: 5s
				  items:
				    - a
				    - b
				""");
		ConfigFilePropertySource source = ConfigFilePropertySource.load(ConfigFileSnapshot.read(file));
		assertThat(source.getName()).isEqualTo("Config file [" + file + "]");
		assertThat(source.getProperty("library.core.stop-timeout")).isEqualTo("5s");
		assertThat(source.getProperty("library.items[1]")).isEqualTo("b");
		assertThat(source.getOrigin("library.core.stop-timeout"))
			.hasToString("file [" + file.toAbsolutePath() + "] - 3:19");
		assertThat(source.getHash()).isEqualTo(ConfigFileSnapshot.read(file).hash());
	}

	@Test
	void documentsOfAMultiDocumentFileAreMergedLaterOnesWinning() throws Exception {
		Path file = write("application.yml", """
				library.core.stop-timeout: 5s
				library.core.start-timeout: 20s
				---
				library.core.stop-timeout: 6s
				""");
		ConfigFilePropertySource source = ConfigFilePropertySource.load(ConfigFileSnapshot.read(file));
		assertThat(source.getProperty("library.core.stop-timeout")).isEqualTo("6s");
		assertThat(source.getProperty("library.core.start-timeout")).isEqualTo("20s");
	}

	@Test
	void propertiesFileIsLoaded() throws Exception {
		Path file = write("library.properties", "library.core.stop-timeout=5s\n");
		ConfigFilePropertySource source = ConfigFilePropertySource.load(ConfigFileSnapshot.read(file));
		assertThat(source.getProperty("library.core.stop-timeout")).isEqualTo("5s");
		assertThat(source.getOrigin("library.core.stop-timeout"))
			.hasToString("file [" + file.toAbsolutePath() + "] - 1:27");
	}

	@Test
	void invalidYamlSaysWhereWithoutQuotingTheContent() throws Exception {
		Path file = write("application.yaml", """
				library:
				  database:
				    password: "hunter2
				  core: x
				""");
		assertThatExceptionOfType(ConfigFileException.class)
			.isThrownBy(() -> ConfigFilePropertySource.load(ConfigFileSnapshot.read(file)))
			.withMessageStartingWith("'" + file + "' cannot be parsed: ")
			.withMessageContaining("line ")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void fileOfAnotherFormatIsRefused() {
		assertThatExceptionOfType(ConfigFileException.class)
			.isThrownBy(() -> ConfigFilePropertySource.checkFormat(this.directory.resolve("library.json")))
			.withMessageContaining("must end with .yaml, .yml or .properties");
	}

	@Test
	void installPutsTheFileBelowEnvironmentVariablesAndAboveTheApplicationFiles() throws Exception {
		MutablePropertySources sources = new StandardEnvironment().getPropertySources();
		sources.addFirst(new MapPropertySource("commandLineArgs", Map.of()));
		sources.addLast(new MapPropertySource("Config resource 'class path resource [application.yaml]'", Map.of()));
		Path file = write("application.yaml", "library.core.stop-timeout: 5s\n");
		ConfigFilePropertySource first = ConfigFilePropertySource.load(ConfigFileSnapshot.read(file));
		ConfigFilePropertySource.install(sources, first);
		assertThat(sources.stream().map((source) -> source.getName())).containsExactly("commandLineArgs",
				"systemProperties", "systemEnvironment", first.getName(),
				"Config resource 'class path resource [application.yaml]'");
		Files.writeString(file, "library.core.stop-timeout: 6s\n");
		ConfigFilePropertySource second = ConfigFilePropertySource.load(ConfigFileSnapshot.read(file));
		ConfigFilePropertySource.install(sources, second);
		assertThat(sources.size()).isEqualTo(5);
		assertThat(ConfigFilePropertySource.find(sources)).isSameAs(second);
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content);
		return file;
	}

}
