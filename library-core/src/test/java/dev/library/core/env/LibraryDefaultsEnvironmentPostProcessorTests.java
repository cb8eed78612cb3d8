package dev.library.core.env;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LibraryDefaultsEnvironmentPostProcessor}.
 *
 * @author Library
 */
class LibraryDefaultsEnvironmentPostProcessorTests {

	@TempDir
	Path temp;

	@Test
	void defaultsApplyWhenNothingElseSetsTheProperty() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
			assertThat(context.getEnvironment().getProperty("springdoc.swagger-ui.path")).isEqualTo("/swagger-ui.html");
		}
	}

	@Test
	void applicationPropertiesOverrideTheDefaults() throws IOException {
		Path application = this.temp.resolve("application.properties");
		Files.writeString(application, "springdoc.swagger-ui.path=/docs.html\nspring.codec.max-in-memory-size=4MB\n");
		try (ConfigurableApplicationContext context = run("--spring.config.location=file:" + application)) {
			assertThat(context.getEnvironment().getProperty("springdoc.swagger-ui.path")).isEqualTo("/docs.html");
			assertThat(context.getEnvironment().getProperty("spring.codec.max-in-memory-size")).isEqualTo("4MB");
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		}
	}

	@Test
	void commandLineOverridesTheDefaults() {
		try (ConfigurableApplicationContext context = run("--spring.reactor.context-propagation=limited")) {
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
		}
	}

	@Test
	void defaultsComeAfterEveryOtherPropertySourceThatCouldSetTheSameProperties() {
		try (ConfigurableApplicationContext context = run("--library.x=1")) {
			// Boot's own last sources: SpringApplication.setDefaultProperties and
			// spring.application.pid/version
			List<String> names = context.getEnvironment()
				.getPropertySources()
				.stream()
				.map(PropertySource::getName)
				.filter((name) -> !name.equals("defaultProperties") && !name.equals("applicationInfo"))
				.toList();
			assertThat(names).contains("commandLineArgs", "systemProperties", "systemEnvironment");
			assertThat(names.get(names.size() - 1))
				.startsWith(LibraryDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME + " [");
			assertThat(names).filteredOn((name) -> name.startsWith("libraryDefaults")).hasSize(1);
		}
	}

	@Test
	void everyModulesDefaultsAreAddedBelowTheExistingSources() throws IOException {
		URL first = module("first", "library.first=1\nlibrary.shared=first\n");
		URL second = module("second", "library.second=2\nlibrary.shared=second\n");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("application", Map.of("library.shared", "application")));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { first, second }, null)) {
			SpringApplication application = new SpringApplication();
			application.setResourceLoader(new DefaultResourceLoader(loader));
			new LibraryDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		}
		assertThat(environment.getProperty("library.first")).isEqualTo("1");
		assertThat(environment.getProperty("library.second")).isEqualTo("2");
		assertThat(environment.getProperty("library.shared")).isEqualTo("application");
		assertThat(environment.getPropertySources().stream().map(PropertySource::getName).toList()).endsWith(
				"application", "libraryDefaults [file [" + first.getPath() + "META-INF/library-defaults.properties]]",
				"libraryDefaults [file [" + second.getPath() + "META-INF/library-defaults.properties]]");
	}

	@Test
	void runsAfterTheOtherEnvironmentPostProcessors() {
		assertThat(new LibraryDefaultsEnvironmentPostProcessor().getOrder()).isEqualTo(Integer.MAX_VALUE);
	}

	private URL module(String name, String defaults) throws IOException {
		Path file = this.temp.resolve(name).resolve("META-INF/library-defaults.properties");
		Files.createDirectories(file.getParent());
		Files.writeString(file, defaults);
		return this.temp.resolve(name).toUri().toURL();
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		ConfigurableEnvironment environment = new StandardEnvironment();
		application.setEnvironment(environment);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
