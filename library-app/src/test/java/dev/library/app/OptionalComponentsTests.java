package dev.library.app;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.canbus.autoconfigure.CanbusAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import dev.library.core.component.LibraryComponent;
import dev.library.core.component.OptionalComponentCatalog;
import dev.library.database.autoconfigure.DatabaseAutoConfiguration;
import dev.library.hap.autoconfigure.HapAutoConfiguration;
import dev.library.i2c.autoconfigure.I2cAutoConfiguration;
import dev.library.kafka.autoconfigure.KafkaAutoConfiguration;
import dev.library.mtls.autoconfigure.MtlsAutoConfiguration;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each optional component's auto-configuration creates beans (and routes) only when
 * {@code library.enabled-components.<name>} is true.
 *
 * @author Library
 */
class OptionalComponentsTests {

	static List<Arguments> optionalComponents() {
		return List.of(Arguments.of("kafka", KafkaAutoConfiguration.class),
				Arguments.of("i2c", I2cAutoConfiguration.class), Arguments.of("canbus", CanbusAutoConfiguration.class),
				Arguments.of("database", DatabaseAutoConfiguration.class),
				Arguments.of("mtls", MtlsAutoConfiguration.class), Arguments.of("hap", HapAutoConfiguration.class));
	}

	private static ApplicationContextRunner runner(Class<?> autoConfiguration) {
		if (autoConfiguration == HapAutoConfiguration.class) {
			// The HomeKit bridge serves device points and keeps its keys in the secrets
			// store: the real state, secrets and adapters components, no devices
			return new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, StateAutoConfiguration.class,
						SecretsAutoConfiguration.class, AdaptersAutoConfiguration.class, autoConfiguration))
				.withPropertyValues("library.state.data-dir=target/optional-components/" + UUID.randomUUID(),
						"library.secrets.local.key-file=target/optional-components/" + UUID.randomUUID() + ".key",
						"library.hap.port=0", "library.hap.mdns=false")
				.withBean("configStandIn", LibraryComponent.class,
						() -> LibraryComponent
							.of(ComponentDescriptor.mandatory("config").description("stand-in").build()))
				.withBean("schemasStandIn", LibraryComponent.class, () -> LibraryComponent
					.of(ComponentDescriptor.mandatory("schemas").description("stand-in").build()));
		}
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, autoConfiguration));
		// Stand-ins for the mandatory components that optional ones depend on.
		for (String mandatory : List.of("config", "state", "secrets", "adapters")) {
			runner = runner.withBean(mandatory + "StandIn", LibraryComponent.class, () -> LibraryComponent
				.of(ComponentDescriptor.mandatory(mandatory).description("stand-in").build()));
		}
		return runner;
	}

	@ParameterizedTest
	@MethodSource("optionalComponents")
	void optionalComponentIsOffByDefault(String name, Class<?> autoConfiguration) {
		runner(autoConfiguration).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ComponentRegistry.class).component(name)).isEmpty();
			assertThat(beansDeclaredIn(context, packageOf(autoConfiguration))).isEmpty();
			assertThat(context.getBean(OptionalComponentCatalog.class).contains(name)).isTrue();
		});
	}

	@ParameterizedTest
	@MethodSource("optionalComponents")
	void optionalComponentStartsWhenEnabled(String name, Class<?> autoConfiguration) {
		runner(autoConfiguration).withPropertyValues("library.enabled-components." + name + "=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ComponentRegistry.class).component(name)).get()
				.extracting(ComponentStatus::state)
				.isEqualTo(ComponentState.RUNNING);
			assertThat(beansDeclaredIn(context, packageOf(autoConfiguration))).isNotEmpty();
		});
	}

	@ParameterizedTest
	@MethodSource("optionalComponents")
	void optionalComponentStaysOffWhenExplicitlyDisabledThroughTheEnvironmentStyleName(String name,
			Class<?> autoConfiguration) {
		runner(autoConfiguration).withPropertyValues("library.enabled-components." + name + "=false")
			.run((context) -> assertThat(context.getBean(ComponentRegistry.class).component(name)).isEmpty());
	}

	private static String packageOf(Class<?> autoConfiguration) {
		String autoconfigurePackage = autoConfiguration.getPackageName();
		return autoconfigurePackage.substring(0, autoconfigurePackage.lastIndexOf('.'));
	}

	/**
	 * Names of the beans whose definition comes from a class in the given package: the
	 * auto-configuration's own beans, routes included.
	 */
	private static List<String> beansDeclaredIn(AssertableApplicationContext context, String packageName) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		return Arrays.stream(beanFactory.getBeanDefinitionNames()).filter((beanName) -> {
			BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
			String declaringClass = (definition.getFactoryBeanName() != null)
					? beanFactory.getBeanDefinition(definition.getFactoryBeanName()).getBeanClassName()
					: definition.getBeanClassName();
			return declaringClass != null && declaringClass.startsWith(packageName + ".");
		}).toList();
	}

}
