package dev.library.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.LibraryComponent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.time.DurationMin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigurationReloader}, with real beans bound from a real file.
 *
 * @author Library
 */
class ConfigurationReloaderTests {

	private static final String INITIAL = """
			library:
			  demo:
			    greeting: hello
			    interval: 2s
			    retries: 3
			  frozen:
			    mode: a
			""";

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class))
		.withUserConfiguration(DemoConfiguration.class);

	@Test
	void reloadableChangeIsAppliedInPlaceRecordedAndPublished() {
		run(INITIAL, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			ConfigurationReload reload = reload(context,
					INITIAL.replace("greeting: hello", "greeting: bonjour").replace("interval: 2s", "interval: 5s"));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(reload.changes()).containsExactly(
					new PropertyChange("library.demo.greeting", "hello", "bonjour", ChangeStatus.APPLIED),
					new PropertyChange("library.demo.interval", "2s", "5s", ChangeStatus.APPLIED));
			assertThat(demo.getGreeting()).isEqualTo("bonjour");
			assertThat(demo.getInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(context.getBean(ReloadHistory.class).latest(1)).containsExactly(reload);
			assertThat(context.getBean(DemoConfiguration.class).events).singleElement()
				.satisfies((event) -> assertThat(event.getReload()).isSameAs(reload));
			assertThat(context.getEnvironment().getProperty("library.demo.greeting")).isEqualTo("bonjour");
		});
	}

	@Test
	void changeThatIsNotReloadableNeedsARestartAndTheBeanKeepsItsValues() {
		run(INITIAL, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			ConfigurationReloader reloader = context.getBean(ConfigurationReloader.class);
			ConfigurationReload reload = reload(context, INITIAL.replace("retries: 3", "retries: 5"));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.RESTART_REQUIRED);
			assertThat(reload.changes())
				.containsExactly(new PropertyChange("library.demo.retries", "3", "5", ChangeStatus.RESTART_REQUIRED));
			assertThat(demo.getRetries()).isEqualTo(3);
			assertThat(reloader.pendingRestart()).extracting(Object::toString).containsExactly("library.demo.retries");
			assertThat(context.getEnvironment().getProperty("library.demo.retries")).isEqualTo("5");

			ConfigurationReload next = reload(context,
					INITIAL.replace("retries: 3", "retries: 5").replace("greeting: hello", "greeting: hi"));
			assertThat(next.changes()).containsExactly(
					new PropertyChange("library.demo.greeting", "hello", "hi", ChangeStatus.RESTART_REQUIRED));
			assertThat(demo.getGreeting()).isEqualTo("hello");

			ConfigurationReload reverted = reload(context, INITIAL.replace("greeting: hello", "greeting: hi"));
			assertThat(reverted.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(reverted.changes()).containsExactly(
					new PropertyChange("library.demo.greeting", "hello", "hi", ChangeStatus.APPLIED),
					new PropertyChange("library.demo.retries", "5", "3", ChangeStatus.APPLIED));
			assertThat(demo.getGreeting()).isEqualTo("hi");
			assertThat(demo.getRetries()).isEqualTo(3);
			assertThat(reloader.pendingRestart()).isEmpty();
		});
	}

	@Test
	void changesOfTwoBeansArePartiallyApplied() {
		run(INITIAL, (context) -> {
			ConfigurationReload reload = reload(context,
					INITIAL.replace("greeting: hello", "greeting: hi") + "  core:\n    start-timeout: 40s\n");
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.PARTIALLY_APPLIED);
			assertThat(reload.changes()).extracting(PropertyChange::property, PropertyChange::status)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("library.core.start-timeout",
								ChangeStatus.RESTART_REQUIRED),
						org.assertj.core.groups.Tuple.tuple("library.demo.greeting", ChangeStatus.APPLIED));
		});
	}

	@Test
	void reloadablePropertyRemovedFromTheFileGoesBackToItsDefault() {
		run(INITIAL, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			ConfigurationReload reload = reload(context, INITIAL.replace("    interval: 2s\n", ""));
			assertThat(reload.changes())
				.containsExactly(new PropertyChange("library.demo.interval", "2s", null, ChangeStatus.APPLIED));
			assertThat(demo.getInterval()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void reloadableListIsReboundWholeWhenElementsAreAddedOrRemoved() {
		String twoHosts = INITIAL.replace("retries: 3", "retries: 3\n    hosts: [alpha, beta]");
		run(twoHosts, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			assertThat(demo.getHosts()).containsExactly("alpha", "beta");
			ConfigurationReload shrunk = reload(context, twoHosts.replace("[alpha, beta]", "[gamma]"));
			assertThat(shrunk.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(demo.getHosts()).containsExactly("gamma");
			ConfigurationReload grown = reload(context, twoHosts.replace("[alpha, beta]", "[gamma, delta, omega]"));
			assertThat(grown.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(demo.getHosts()).containsExactly("gamma", "delta", "omega");
			ConfigurationReload removed = reload(context, INITIAL);
			assertThat(removed.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(demo.getHosts()).isEmpty();
		});
	}

	@Test
	void configurationCheckOfAComponentRejectsTheWholeVersion() {
		run(INITIAL, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			ConfigurationReload reload = reload(context,
					INITIAL.replace("greeting: hello", "greeting: forbidden").replace("interval: 2s", "interval: 5s"));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.REJECTED);
			assertThat(reload.errors()).containsExactly(
					new ConfigurationError("library.demo.greeting", "forbidden", "is refused by the demo check"));
			assertThat(demo.getGreeting()).isEqualTo("hello");
			assertThat(demo.getInterval()).isEqualTo(Duration.ofSeconds(2));
			assertThat(reloader(context).rejection()).contains(reload);
		});
	}

	@Test
	void constructorBoundBeanNeedsARestartEvenForAReloadableProperty() {
		run(INITIAL, (context) -> {
			ConfigurationReload reload = reload(context, INITIAL.replace("mode: a", "mode: b"));
			assertThat(reload.changes())
				.containsExactly(new PropertyChange("library.frozen.mode", "a", "b", ChangeStatus.RESTART_REQUIRED));
			assertThat(context.getBean(FrozenProperties.class).mode()).isEqualTo("a");
		});
	}

	@Test
	void invalidChangeIsRejectedWholeAndDegradesTheComponentUntilAGoodVersion() {
		run(INITIAL, (context) -> {
			DemoProperties demo = context.getBean(DemoProperties.class);
			ComponentRegistry registry = context.getBean(ComponentRegistry.class);
			ConfigurationReload reload = reload(context,
					INITIAL.replace("greeting: hello", "greeting: hi")
						.replace("retries: 3", "retries: 11")
						.replace("interval: 2s", "interval: soon"));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.REJECTED);
			assertThat(reload.changes()).isEmpty();
			assertThat(reload.errors()).containsExactly(new ConfigurationError("library.demo.interval", "soon",
					"must be a duration such as 500ms, 10s, 5m or PT10S"));
			assertThat(demo.getGreeting()).isEqualTo("hello");
			assertThat(context.getEnvironment().getProperty("library.demo.greeting")).isEqualTo("hello");
			assertThat(registry.component("config").orElseThrow().state()).isEqualTo(ComponentState.RUNNING);
			assertThat(reloader(context).rejection()).hasValue(reload);

			ConfigurationReload outOfRange = reload(context, INITIAL.replace("retries: 3", "retries: 11"));
			assertThat(outOfRange.errors()).containsExactly(
					new ConfigurationError("library.demo.retries", "11", "must be less than or equal to 10"));
			assertThat(reloader(context).rejection()).hasValue(outOfRange);

			assertThat(reload(context, INITIAL.replace("greeting: hello", "greeting: hi")).outcome())
				.isEqualTo(ReloadOutcome.APPLIED);
			assertThat(reloader(context).rejection()).isEmpty();
			assertThat(registry.component("config").orElseThrow().state()).isEqualTo(ComponentState.RUNNING);
			assertThat(demo.getGreeting()).isEqualTo("hi");
		});
	}

	@Test
	void invalidSecretIsReportedWithoutItsValue() {
		run(INITIAL, (context) -> {
			ConfigurationReload reload = reload(context, withPassword("short"));
			assertThat(reload.errors()).singleElement().satisfies((error) -> {
				assertThat(error.property()).isEqualTo("library.demo.password");
				assertThat(error.value()).isEqualTo(SecretRedactor.REDACTED);
			});
		});
	}

	@Test
	void changedSecretIsRecordedRedacted() {
		run(withPassword("long-enough-1"), (context) -> {
			ConfigurationReload reload = reload(context, withPassword("long-enough-2"));
			assertThat(reload.changes()).containsExactly(new PropertyChange("library.demo.password",
					SecretRedactor.REDACTED, SecretRedactor.REDACTED, ChangeStatus.APPLIED));
			assertThat(context.getBean(DemoProperties.class).getPassword()).isEqualTo("long-enough-2");
		});
	}

	@Test
	void unparseableFileIsRejectedSayingWhere() {
		run(INITIAL, (context) -> {
			ConfigurationReload reload = reload(context, "library:\n  demo:\n    greeting: [hello\n");
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.REJECTED);
			assertThat(reload.errors()).singleElement().satisfies((error) -> {
				assertThat(error.property()).isNull();
				assertThat(error.reason()).contains("cannot be parsed").contains("line");
			});
		});
	}

	@Test
	void unknownOptionalComponentIsRejected() {
		run(INITIAL, (context) -> {
			ConfigurationReload reload = reload(context, INITIAL + "  enabled-components:\n    kafak: true\n");
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.REJECTED);
			assertThat(reload.errors()).singleElement().satisfies((error) -> {
				assertThat(error.property()).isEqualTo("library.enabled-components.kafak");
				assertThat(error.reason()).contains("'kafak' is not an optional component");
			});
		});
	}

	@Test
	void changeThatAHigherSourceOverridesIsUnchanged() {
		this.runner.withPropertyValues("library.demo.greeting=from-test").run((context) -> {
			installInitialFile(context, INITIAL);
			ConfigurationReload reload = reload(context, INITIAL.replace("greeting: hello", "greeting: hi"));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.UNCHANGED);
			assertThat(context.getBean(DemoProperties.class).getGreeting()).isEqualTo("from-test");
		});
	}

	@Test
	void fileThatDisappearsKeepsTheValues() {
		run(INITIAL, (context) -> {
			Files.delete(file());
			ConfigurationReload reload = context.getBean(ConfigurationReloader.class)
				.reload(ConfigFileSnapshot.read(file()));
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.FILE_MISSING);
			assertThat(context.getEnvironment().getProperty("library.demo.greeting")).isEqualTo("hello");
		});
	}

	@Test
	void fileThatAppearsAfterStartUpIsApplied() {
		this.runner.run((context) -> {
			ConfigurationReload reload = reload(context, "library.demo.greeting: hi\n");
			assertThat(reload.outcome()).isEqualTo(ReloadOutcome.APPLIED);
			assertThat(context.getBean(DemoProperties.class).getGreeting()).isEqualTo("hi");
		});
	}

	private void run(String initial, ContextConsumer<AssertableApplicationContext> consumer) {
		this.runner.withInitializer((context) -> {
			try {
				Files.writeString(file(), initial);
				ConfigFilePropertySource.install(context.getEnvironment().getPropertySources(),
						ConfigFilePropertySource.load(ConfigFileSnapshot.read(file())));
			}
			catch (IOException | ConfigFileException ex) {
				throw new IllegalStateException(ex);
			}
		}).run(consumer);
	}

	private void installInitialFile(AssertableApplicationContext context, String content) throws Exception {
		reload(context, content);
		context.getBean(DemoConfiguration.class).events.clear();
	}

	private static ConfigurationReloader reloader(AssertableApplicationContext context) {
		return context.getBean(ConfigurationReloader.class);
	}

	private ConfigurationReload reload(AssertableApplicationContext context, String content) throws IOException {
		Files.writeString(file(), content);
		return context.getBean(ConfigurationReloader.class).reload(ConfigFileSnapshot.read(file()));
	}

	private static String withPassword(String password) {
		return INITIAL.replace("retries: 3", "retries: 3\n    password: " + password);
	}

	private Path file() {
		return this.directory.resolve("application.yaml");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ DemoProperties.class, FrozenProperties.class })
	static class DemoConfiguration {

		final List<ConfigurationReloadEvent> events = new CopyOnWriteArrayList<>();

		@Bean
		LibraryComponent demoComponent() {
			return LibraryComponent.of(ComponentDescriptor.mandatory("demo")
				.description("Demo")
				.reloadableProperties("library.demo.greeting", "library.demo.interval", "library.demo.password",
						"library.demo.hosts", "library.frozen.mode")
				.build());
		}

		@Bean
		ConfigurationCheck demoCheck() {
			return (candidate) -> candidate.properties(DemoProperties.class)
				.filter((demo) -> "forbidden".equals(demo.getGreeting()))
				.map((demo) -> List.of(new ConfigurationError("library.demo.greeting", demo.getGreeting(),
						"is refused by the demo check")))
				.orElse(List.of());
		}

		@Bean
		ApplicationListener<ConfigurationReloadEvent> reloadListener() {
			return this.events::add;
		}

	}

	@ConfigurationProperties("library.demo")
	@Validated
	static class DemoProperties {

		@NotBlank
		private String greeting = "hello";

		@NotNull
		@DurationMin(millis = 1)
		private Duration interval = Duration.ofSeconds(1);

		@Min(0)
		@Max(10)
		private int retries = 3;

		@Size(min = 8)
		private String password = "default-password";

		private List<String> hosts = new ArrayList<>();

		public List<String> getHosts() {
			return this.hosts;
		}

		public void setHosts(List<String> hosts) {
			this.hosts = hosts;
		}

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

	@ConfigurationProperties("library.frozen")
	record FrozenProperties(@DefaultValue("a") String mode) {

	}

}
