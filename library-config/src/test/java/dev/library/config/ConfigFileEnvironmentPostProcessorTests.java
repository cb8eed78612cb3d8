package dev.library.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link ConfigFileEnvironmentPostProcessor}, through a real
 * {@link SpringApplication} start-up.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigFileEnvironmentPostProcessorTests {

	@TempDir
	Path directory;

	@Test
	void watchedFileOverridesTheApplicationFileButNotTheEnvironmentOrTheCommandLine() throws IOException {
		Path applicationYaml = write("application.yaml", """
				library:
				  config:
				    watch-path: %s
				  core:
				    stop-timeout: 1s
				    start-timeout: 1s
				  api:
				    max-body-size: 1MB
				  demo:
				    packaged: kept
				""".formatted(this.directory.resolve("watched.yaml")));
		write("watched.yaml", """
				library:
				  core:
				    stop-timeout: 2s
				    start-timeout: 2s
				  api:
				    max-body-size: 2MB
				""");
		SpringApplication application = application();
		application.setEnvironment(environmentWith(Map.of("LIBRARY_CORE_STARTTIMEOUT", "3s")));
		try (ConfigurableApplicationContext context = application
			.run("--spring.config.location=" + applicationYaml.toUri(), "--library.api.max-body-size=4MB")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("library.core.stop-timeout")).isEqualTo("2s");
			assertThat(environment.getProperty("library.core.start-timeout")).isEqualTo("3s");
			assertThat(environment.getProperty("library.api.max-body-size")).isEqualTo("4MB");
			assertThat(environment.getProperty("library.demo.packaged")).isEqualTo("kept");
			assertThat(ConfigFilePropertySource.find(environment.getPropertySources())).isNotNull();
		}
	}

	@Test
	void missingFileIsLoadedLaterNotAtStartUp() {
		try (ConfigurableApplicationContext context = application()
			.run("--library.config.watch-path=" + this.directory.resolve("absent.yaml"))) {
			assertThat(ConfigFilePropertySource.find(context.getEnvironment().getPropertySources())).isNull();
		}
	}

	@Test
	void invalidYamlStopsStartUpNamingTheFile(CapturedOutput output) throws IOException {
		Path file = write("broken.yaml", "library:\n  core: [stop-timeout\n");
		assertThatException().isThrownBy(() -> application().run("--library.config.watch-path=" + file).close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("library.config.watch-path")
			.contains("'" + file + "' cannot be parsed")
			.contains("line 3, column 1");
	}

	@Test
	void fileOfAnUnknownFormatStopsStartUp(CapturedOutput output) {
		Path file = this.directory.resolve("library.json");
		assertThatException().isThrownBy(() -> application().run("--library.config.watch-path=" + file).close());
		assertThat(output).contains("APPLICATION FAILED TO START").contains("must end with .yaml, .yml or .properties");
	}

	private SpringApplication application() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	private static StandardEnvironment environmentWith(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content);
		return file;
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
