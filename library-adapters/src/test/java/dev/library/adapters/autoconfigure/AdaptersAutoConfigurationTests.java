package dev.library.adapters.autoconfigure;

import java.nio.file.Path;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.command.CommandExecutor;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterProvider;
import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.schema.autoconfigure.SchemaAutoConfiguration;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdaptersAutoConfiguration}.
 *
 * @author Library
 */
class AdaptersAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class,
					SchemaAutoConfiguration.class, StateAutoConfiguration.class, AdaptersAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("library.state.persistence=memory",
					"library.adapters.audit.file=" + this.directory.resolve("commands.jsonl"));
	}

	@Test
	void withoutInstancesTheComponentRunsWithTheBuiltInType() {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(AdapterSupervisors.class)
				.hasSingleBean(CommandExecutor.class)
				.hasBean("adaptersHealthContributor")
				.doesNotHaveBean("adapterRoutes");
			assertThat(context.getBean(AdapterRegistry.class).provider("virtual")).isPresent();
			assertThat(context.getBean(AdapterSupervisors.class).supervisors()).isEmpty();
			assertThat(context.getBean(ComponentRegistry.class).component("adapters").orElseThrow().state())
				.isEqualTo(ComponentState.RUNNING);
			assertThat(context.getBean("adaptersHealthContributor", CompositeReactiveHealthContributor.class)
				.stream()
				.count()).isZero();
		});
	}

	@Test
	void invalidConfigurationStopsTheStartWithEveryProblem() {
		contextRunner()
			.withPropertyValues("library.adapters.instances[0].id=plant", "library.adapters.instances[0].type=modbus",
					"library.adapters.instances[1].id=plant", "library.adapters.instances[1].type=virtual")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(
						"library.adapters.instances[0].type: unknown adapter type 'modbus'; known types: [virtual]")
				.hasMessageContaining("library.adapters.instances[1].id: instance id 'plant' is used twice"));
	}

	@Test
	void twoProvidersOfOneTypeStopTheStart() {
		contextRunner().withBean("otherVirtual", AdapterProvider.class, () -> new AdapterProvider() {

			@Override
			public String type() {
				return "virtual";
			}

			@Override
			public Adapter create(AdapterConfig config) {
				throw new UnsupportedOperationException();
			}

		})
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Adapter type 'virtual' is provided twice"));
	}

	@Test
	void userRegistryBacksOff() {
		AdapterRegistry registry = new AdapterRegistry(java.util.List.of(), getClass().getClassLoader());
		contextRunner().withBean(AdapterRegistry.class, () -> registry)
			.run((context) -> assertThat(context.getBean(AdapterRegistry.class)).isSameAs(registry));
	}

}
