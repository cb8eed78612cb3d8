package dev.library.canbus.autoconfigure;

import dev.library.canbus.CanbusHealthIndicator;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.SignalPublisher;
import dev.library.canbus.candump.CandumpAdapterProvider;
import dev.library.canbus.slcan.SlcanAdapterProvider;
import dev.library.canbus.socketcan.SocketCanAdapterProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CanbusAutoConfiguration}.
 *
 * @author Library
 */
class CanbusAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CanbusAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CanbusRegistry.class)
			.doesNotHaveBean(CandumpAdapterProvider.class));
	}

	@Test
	void enabledProvidesTheAdapterTypesRegistryAndHealth() {
		this.runner.withPropertyValues("library.enabled-components.canbus=true").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(CanbusRegistry.class)
				.hasSingleBean(CandumpAdapterProvider.class)
				.hasSingleBean(SlcanAdapterProvider.class)
				.hasSingleBean(SocketCanAdapterProvider.class)
				.hasSingleBean(CanbusHealthIndicator.class);
			assertThat(context.getBean(CanbusProperties.class).getSignalKeys())
				.isEqualTo("can.{interface}.{message}.{signal}");
		});
	}

	@Test
	void userPublisherBacksOff() {
		SignalPublisher mine = SignalPublisher.none();
		this.runner.withPropertyValues("library.enabled-components.canbus=true")
			.withBean(SignalPublisher.class, () -> mine)
			.run((context) -> assertThat(context.getBean(SignalPublisher.class)).isSameAs(mine));
	}

	@Test
	void serialAndSocketCanTypesNeedTheirLibraries() {
		this.runner.withPropertyValues("library.enabled-components.canbus=true")
			.withClassLoader(new FilteredClassLoader("com.fazecast.jSerialComm", "tel.schich.javacan"))
			.run((context) -> assertThat(context).hasSingleBean(CandumpAdapterProvider.class)
				.doesNotHaveBean(SlcanAdapterProvider.class)
				.doesNotHaveBean(SocketCanAdapterProvider.class));
	}

	@Test
	void signalKeyPatternWithoutTheSignalStopsTheStart() {
		this.runner
			.withPropertyValues("library.enabled-components.canbus=true", "library.canbus.signal-keys=can.{message}")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("signalKeys"));
	}

}
