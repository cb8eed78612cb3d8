package dev.library.config.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import dev.library.config.ConfigFileWatcher;
import dev.library.config.ConfigHandler;
import dev.library.config.ConfigReloadMetrics;
import dev.library.config.ConfigurationReloader;
import dev.library.config.ReloadHistory;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigAutoConfiguration}, including how start-up fails on an invalid
 * {@code library.*} value.
 *
 * @author Library
 */
class ConfigAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void configComponentDeclaresItsReloadableProperties() {
		this.runner.run((context) -> {
			ComponentStatus config = context.getBean(ComponentRegistry.class).component("config").orElseThrow();
			assertThat(config.descriptor().dependsOn()).containsExactly("core");
			assertThat(config.descriptor().isReloadable("library.config.watch-interval")).isTrue();
			assertThat(config.descriptor().isReloadable("library.config.reload-history")).isTrue();
			assertThat(config.descriptor().isReloadable("library.config.watch-path")).isFalse();
		});
	}

	@Test
	void withoutAWatchPathNothingIsWatchedButTheReloaderAndHistoryExist() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ConfigurationReloader.class)
				.hasSingleBean(ReloadHistory.class)
				.hasSingleBean(ConfigReloadMetrics.class)
				.doesNotHaveBean(ConfigFileWatcher.class)
				.doesNotHaveBean(ConfigHandler.class);
			assertThat(context.getBean(ReloadHistory.class).capacity()).isEqualTo(50);
		});
	}

	@Test
	void withAWatchPathTheFileIsWatched() {
		this.runner.withPropertyValues("library.config.watch-path=" + this.directory.resolve("application.yaml"))
			.run((context) -> {
				assertThat(context).hasSingleBean(ConfigFileWatcher.class);
				assertThat(context.getBean(ConfigFileWatcher.class).isRunning()).isTrue();
			});
	}

	@Test
	void inAReactiveWebApplicationTheRoutesAreRegistered() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ConfigHandler.class).hasBean("configRoutes"));
	}

	@Test
	void userHistoryBacksOff() {
		this.runner.withUserConfiguration(UserHistoryConfiguration.class)
			.run((context) -> assertThat(context.getBean(ReloadHistory.class).capacity()).isEqualTo(7));
	}

	@Test
	void withoutMicrometerThereAreNoMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(ConfigReloadMetrics.class));
	}

	@Test
	void valueOfTheWrongTypeStopsStartUpNamingThePropertyTheValueAndTheType() {
		this.runner.withPropertyValues("library.core.stop-timeout=soon").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: library.core.stop-timeout")
				.contains("Value: \"soon\"")
				.contains("java.time.Duration")
				.contains("'soon' is not a valid duration");
			assertThat(analysis.getAction()).contains("Update your application's configuration");
		});
	}

	@Test
	void valueOutOfRangeStopsStartUpNamingThePropertyTheValueAndTheLimit() {
		this.runner.withPropertyValues("library.config.reload-history=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Origin: \"library.config.reload-history\"")
				.contains("Value: \"0\"")
				.contains("Reason: must be greater than or equal to 1");
		});
	}

	@Test
	void negativeDurationStopsStartUpNamingThePropertyAndTheMinimum() {
		this.runner.withPropertyValues("library.config.watch-interval=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("Origin: \"library.config.watch-interval\"")
				.contains("Value: \"PT-1S\"")
				.contains("Reason: must be longer than or equal to 50 millis");
		});
	}

	@Test
	void unknownOptionalComponentStopsStartUpNamingThePropertyAndWhatIsAllowed() {
		this.runner.withPropertyValues("library.enabled-components.kafak=true").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains("Invalid value 'true' for configuration property 'library.enabled-components.kafak'")
				.contains("'kafak' is not an optional component; known optional components are");
			assertThat(analysis.getAction()).contains("Review the value of the property");
		});
	}

	/**
	 * Analyse a start-up failure with every {@link FailureAnalyzer} Boot would use, and
	 * return the first analysis, as Boot reports it.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		ArgumentResolver arguments = ArgumentResolver.of(Environment.class, new StandardEnvironment())
			.and(BeanFactory.class, new DefaultListableBeanFactory());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(ConfigAutoConfigurationTests.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments);
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer explains " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHistoryConfiguration {

		@Bean
		ReloadHistory userHistory() {
			return new ReloadHistory(() -> 7);
		}

	}

}
