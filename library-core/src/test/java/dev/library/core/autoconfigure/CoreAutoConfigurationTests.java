package dev.library.core.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentHandler;
import dev.library.core.component.ComponentLifecycleHook;
import dev.library.core.component.ComponentLifecycleManager;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStateChangedEvent;
import dev.library.core.component.ComponentStatus;
import dev.library.core.component.LibraryComponent;
import dev.library.core.component.OptionalComponentCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link CoreAutoConfiguration}.
 *
 * @author Library
 */
class CoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class));

	private final List<String> log = new CopyOnWriteArrayList<>();

	@TempDir
	Path temp;

	@Test
	void defaultBeansStartTheCoreComponent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(OptionalComponentCatalog.class)
				.hasSingleBean(ComponentLifecycleManager.class)
				.hasSingleBean(ComponentRegistry.class)
				.hasSingleBean(ComponentHandler.class)
				.hasBean("componentRoutes")
				.hasBean("coreComponent");
			assertThat(context.getBean(ComponentRegistry.class).components())
				.extracting(ComponentStatus::name, ComponentStatus::state)
				.containsExactly(tuple("core", ComponentState.RUNNING));
		});
	}

	@Test
	void userLibraryComponentAppearsInTheRegistryRunningAfterItsDependencies() {
		this.contextRunner.withBean("storeComponent", LibraryComponent.class, () -> component("store", "core"))
			.run((context) -> {
				ComponentRegistry registry = context.getBean(ComponentRegistry.class);
				assertThat(registry.components()).extracting(ComponentStatus::name, ComponentStatus::state)
					.containsExactly(tuple("core", ComponentState.RUNNING), tuple("store", ComponentState.RUNNING));
				assertThat(registry.dependents("core")).containsExactly("store");
				assertThat(this.log).containsExactly("start store");
			});
	}

	@Test
	void componentsStopInReverseOrderWhenTheContextCloses() {
		this.contextRunner.withBean("storeComponent", LibraryComponent.class, () -> component("store", "core"))
			.withBean("webComponent", LibraryComponent.class, () -> component("web", "store"))
			.run((context) -> {
				ComponentRegistry registry = context.getBean(ComponentRegistry.class);
				context.close();
				assertThat(registry.components()).extracting(ComponentStatus::state)
					.containsOnly(ComponentState.STOPPED);
			});
		assertThat(this.log).containsExactly("start store", "start web", "stop web", "stop store");
	}

	@Test
	void lifecycleHookBeanRunsAroundEachComponent() {
		ComponentLifecycleHook hook = new ComponentLifecycleHook() {

			@Override
			public void beforeStart(ComponentDescriptor component) {
				CoreAutoConfigurationTests.this.log.add("beforeStart " + component.name());
			}

			@Override
			public void afterStart(ComponentStatus status) {
				CoreAutoConfigurationTests.this.log.add("afterStart " + status.name());
			}

		};
		this.contextRunner.withBean("storeComponent", LibraryComponent.class, () -> component("store", "core"))
			.withBean(ComponentLifecycleHook.class, () -> hook)
			.run((context) -> assertThat(this.log).containsExactly("beforeStart core", "afterStart core",
					"beforeStart store", "start store", "afterStart store"));
	}

	@Test
	void stateChangesArePublishedToApplicationListeners() {
		List<ComponentStateChangedEvent> events = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(ComponentStateListener.class, () -> new ComponentStateListener(events))
			.run((context) -> {
				assertThat(events)
					.extracting((event) -> event.getCurrent().name(), (event) -> event.getCurrent().state())
					.containsExactly(tuple("core", ComponentState.RUNNING));
				context.getBean(ComponentRegistry.class).reportDegraded("core", "disk 95% full");
				context.getBean(ComponentRegistry.class).reportRecovered("core");
				assertThat(events)
					.extracting((event) -> event.getPrevious().state(), (event) -> event.getCurrent().state(),
							(event) -> event.getCurrent().reason())
					.containsExactly(tuple(ComponentState.STARTING, ComponentState.RUNNING, null),
							tuple(ComponentState.RUNNING, ComponentState.DEGRADED, "disk 95% full"),
							tuple(ComponentState.DEGRADED, ComponentState.RUNNING, null));
			});
	}

	@Test
	void userOptionalComponentCatalogBacksOff() {
		OptionalComponentCatalog catalog = catalog("kafka");
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog)
			.run((context) -> assertThat(context).getBean(OptionalComponentCatalog.class).isSameAs(catalog));
	}

	@Test
	void userComponentRegistryBacksOff() {
		ComponentRegistry registry = new EmptyRegistry();
		this.contextRunner.withBean(ComponentRegistry.class, () -> registry).run((context) -> {
			assertThat(context).doesNotHaveBean(ComponentLifecycleManager.class);
			assertThat(context).getBean(ComponentRegistry.class).isSameAs(registry);
		});
	}

	@Test
	void userComponentHandlerBacksOff() {
		this.contextRunner
			.withBean("myHandler", ComponentHandler.class, () -> new ComponentHandler(new EmptyRegistry(), catalog()))
			.run((context) -> assertThat(context).hasSingleBean(ComponentHandler.class).hasBean("myHandler"));
	}

	@Test
	void userClockDatesTheStatuses() {
		Instant now = Instant.parse("2030-05-01T12:00:00Z");
		this.contextRunner.withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC))
			.run((context) -> assertThat(context.getBean(ComponentRegistry.class).component("core"))
				.map(ComponentStatus::since)
				.hasValue(now));
	}

	@SuppressWarnings("unchecked")
	@Test
	void componentsRouteListsEnabledAndAvailableComponents() {
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka", "i2c"))
			.withBean("kafkaComponent", LibraryComponent.class, () -> optionalComponent("kafka", "core"))
			.withPropertyValues("library.enabled-components.kafka=true")
			.run((context) -> WebTestClient
				.bindToRouterFunction((RouterFunction<?>) context.getBean("componentRoutes", RouterFunction.class))
				.build()
				.get()
				.uri("/components")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components[*].name")
				.isEqualTo(List.of("core", "kafka"))
				.jsonPath("$.components[1].state")
				.isEqualTo("RUNNING")
				.jsonPath("$.components[1].optional")
				.isEqualTo(true)
				.jsonPath("$.components[1].dependsOn")
				.isEqualTo(List.of("core"))
				.jsonPath("$.components[0].dependents")
				.isEqualTo(List.of("kafka"))
				.jsonPath("$.available[*].name")
				.isEqualTo(List.of("i2c")));
	}

	@Test
	void componentThatFailsToStartStopsStartUpWithAnAnalysisNamingComponentAndCause() {
		this.contextRunner.withBean("storeComponent", LibraryComponent.class, () -> component("store", "core"))
			.withBean("brokerComponent", LibraryComponent.class,
					() -> failingComponent(ComponentDescriptor.mandatory("broker").dependsOn("store").build(),
							new IOException("port 1883 is already in use")))
			.run((context) -> {
				FailureAnalysis analysis = StartupFailures.analyze(context);
				assertThat(analysis.getDescription())
					.isEqualTo("Component 'broker' failed to start: port 1883 is already in use");
				assertThat(analysis.getAction()).contains("library.core.components.broker.fail-fast=false");
			});
		assertThat(this.log).containsExactly("start store", "start broker", "stop store");
	}

	@Test
	void optionalComponentConfiguredNotToFailFastRunsDegradedAndTheApplicationKeepsRunning() {
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka"))
			.withBean("kafkaComponent", LibraryComponent.class,
					() -> failingComponent(ComponentDescriptor.optional("kafka").dependsOn("core").build(),
							new IOException("broker localhost:9092 unreachable")))
			.withBean("webComponent", LibraryComponent.class, () -> component("web", "core"))
			.withPropertyValues("library.enabled-components.kafka=true",
					"library.core.components.kafka.fail-fast=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ComponentRegistry registry = context.getBean(ComponentRegistry.class);
				assertThat(registry.component("kafka")).hasValueSatisfying((status) -> {
					assertThat(status.state()).isEqualTo(ComponentState.DEGRADED);
					assertThat(status.reason()).isEqualTo("Failed to start: broker localhost:9092 unreachable");
				});
				assertThat(registry.component("web")).map(ComponentStatus::state).hasValue(ComponentState.RUNNING);
			});
	}

	@Test
	void optionalComponentFailsFastUnlessConfiguredOtherwise() {
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka"))
			.withBean("kafkaComponent", LibraryComponent.class,
					() -> failingComponent(ComponentDescriptor.optional("kafka").build(),
							new IOException("broker localhost:9092 unreachable")))
			.withPropertyValues("library.enabled-components.kafka=true")
			.run((context) -> assertThat(StartupFailures.analyze(context).getDescription())
				.isEqualTo("Component 'kafka' failed to start: broker localhost:9092 unreachable"));
	}

	@Test
	void startThatExceedsTheComponentStartTimeoutFailsNamingTheTimeout() {
		this.contextRunner.withBean("slowComponent", LibraryComponent.class, () -> new LibraryComponent() {

			@Override
			public ComponentDescriptor descriptor() {
				return ComponentDescriptor.mandatory("slow").build();
			}

			@Override
			public void start() throws InterruptedException {
				Thread.sleep(Duration.ofSeconds(30));
			}

		})
			.withPropertyValues("library.core.start-timeout=10s", "library.core.components.slow.start-timeout=150ms")
			.run((context) -> assertThat(StartupFailures.analyze(context).getDescription())
				.isEqualTo("Component 'slow' failed to start: did not finish within 150 ms"));
	}

	@Test
	void mandatoryComponentConfiguredNotToFailFastStopsStartUpNamingTheProperty() {
		String[] properties = { "library.core.components.core.fail-fast=false" };
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			FailureAnalysis analysis = StartupFailures.analyze(context, properties);
			assertThat(analysis.getDescription()).contains("'library.core.components.core.fail-fast'")
				.contains("'core' is mandatory and must fail fast");
		});
	}

	@Test
	void unknownNameUnderEnabledComponentsStopsStartUpNamingPropertyValueAndTheAllowedNames() {
		String[] properties = { "library.enabled-components.kafak=true" };
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka", "i2c"))
			.withPropertyValues(properties)
			.run((context) -> {
				FailureAnalysis analysis = StartupFailures.analyze(context, properties);
				assertThat(analysis.getDescription()).contains("'library.enabled-components.kafak'")
					.contains("Invalid value 'true'")
					.contains("'kafak' is not an optional component; known optional components are [i2c, kafka]");
			});
	}

	@Test
	void unknownNameUnderCoreComponentsStopsStartUpNamingPropertyAndTheKnownNames() {
		String[] properties = { "library.core.components.kafak.fail-fast=false" };
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka"))
			.withPropertyValues(properties)
			.run((context) -> {
				FailureAnalysis analysis = StartupFailures.analyze(context, properties);
				assertThat(analysis.getDescription()).contains("'library.core.components.kafak'")
					.contains("'kafak' is not a component; known components are [core, kafka]");
			});
	}

	@Test
	void dependencyOnADisabledOptionalComponentStopsStartUpTellingWhichPropertyToSet() {
		this.contextRunner.withBean(OptionalComponentCatalog.class, () -> catalog("kafka"))
			.withBean("bridgeComponent", LibraryComponent.class, () -> component("bridge", "kafka"))
			.run((context) -> {
				FailureAnalysis analysis = StartupFailures.analyze(context);
				assertThat(analysis.getDescription())
					.isEqualTo("Component 'bridge' depends on component 'kafka', which is not enabled");
				assertThat(analysis.getAction()).contains("Set library.enabled-components.kafka=true");
			});
	}

	@Test
	void componentsThatDependOnEachOtherStopStartUpNamingTheCycle() {
		this.contextRunner.withBean("alphaComponent", LibraryComponent.class, () -> component("alpha", "beta"))
			.withBean("betaComponent", LibraryComponent.class, () -> component("beta", "alpha"))
			.run((context) -> assertThat(StartupFailures.analyze(context).getDescription())
				.isEqualTo("Components depend on each other in a cycle: alpha -> beta -> alpha"));
	}

	@Test
	void startTimeoutBelowOneMillisecondStopsStartUpNamingTheProperty() {
		String[] properties = { "library.core.start-timeout=0ms" };
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> assertThat(StartupFailures.analyze(context, properties).getDescription())
				.contains("library.core.start-timeout"));
	}

	private LibraryComponent component(String name, String... dependsOn) {
		return new RecordingComponent(ComponentDescriptor.mandatory(name).dependsOn(dependsOn).build(), null);
	}

	private LibraryComponent optionalComponent(String name, String... dependsOn) {
		return new RecordingComponent(ComponentDescriptor.optional(name).dependsOn(dependsOn).build(), null);
	}

	private LibraryComponent failingComponent(ComponentDescriptor descriptor, Exception failure) {
		return new RecordingComponent(descriptor, failure);
	}

	/**
	 * A catalog holding optional components of the given names, read the way modules
	 * declare them.
	 */
	private OptionalComponentCatalog catalog(String... names) {
		try {
			Path module = Files.createTempDirectory(this.temp, "module");
			Path file = module.resolve(OptionalComponentCatalog.LOCATION);
			Files.createDirectories(file.getParent());
			StringBuilder declarations = new StringBuilder();
			for (String name : names) {
				declarations.append(name).append('=').append(name).append(" component\n");
			}
			Files.writeString(file, declarations);
			try (URLClassLoader loader = new URLClassLoader(new URL[] { module.toUri().toURL() }, null)) {
				return OptionalComponentCatalog.load(loader);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private final class RecordingComponent implements LibraryComponent {

		private final ComponentDescriptor descriptor;

		private final Exception startFailure;

		RecordingComponent(ComponentDescriptor descriptor, Exception startFailure) {
			this.descriptor = descriptor;
			this.startFailure = startFailure;
		}

		@Override
		public ComponentDescriptor descriptor() {
			return this.descriptor;
		}

		@Override
		public void start() throws Exception {
			CoreAutoConfigurationTests.this.log.add("start " + name());
			if (this.startFailure != null) {
				throw this.startFailure;
			}
		}

		@Override
		public void stop() {
			CoreAutoConfigurationTests.this.log.add("stop " + name());
		}

	}

	static final class ComponentStateListener implements ApplicationListener<ComponentStateChangedEvent> {

		private final List<ComponentStateChangedEvent> events;

		ComponentStateListener(List<ComponentStateChangedEvent> events) {
			this.events = events;
		}

		@Override
		public void onApplicationEvent(ComponentStateChangedEvent event) {
			this.events.add(event);
		}

	}

	private static final class EmptyRegistry implements ComponentRegistry {

		@Override
		public List<ComponentStatus> components() {
			return List.of();
		}

		@Override
		public Optional<ComponentStatus> component(String name) {
			return Optional.empty();
		}

		@Override
		public List<String> dependents(String name) {
			return List.of();
		}

		@Override
		public void reportDegraded(String name, String reason) {
		}

		@Override
		public void reportRecovered(String name) {
		}

	}

}
