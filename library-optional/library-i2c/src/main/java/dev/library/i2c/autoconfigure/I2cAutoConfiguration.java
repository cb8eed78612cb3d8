package dev.library.i2c.autoconfigure;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.i2c.GpioAdapterProvider;
import dev.library.i2c.I2cAdapterProvider;
import dev.library.i2c.firmata.FirmataAdapterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the i2c component: the {@code i2c} and {@code gpio} adapter types
 * through Pi4J, for relays, valves, pumps and sensors on a Raspberry Pi. Switched on by
 * {@code library.enabled-components.i2c}.
 *
 * @author Library
 */
@AutoConfiguration(before = AdaptersAutoConfiguration.class)
@ConditionalOnClass(Context.class)
@ConditionalOnLibraryComponent("i2c")
@EnableConfigurationProperties(I2cProperties.class)
public final class I2cAutoConfiguration {

	@Bean
	LibraryComponent i2cComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("i2c")
			.description("I2C and GPIO relays, valves, pumps and sensors through Pi4J")
			.dependsOn("adapters")
			.build());
	}

	/**
	 * The Pi4J context. Its shutdown, on context close and by Pi4J's JVM shutdown hook,
	 * drives every GPIO output to its shutdown state, which the {@code gpio} type sets to
	 * the safe state.
	 * @param properties the properties
	 * @return the context
	 */
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	Context pi4jContext(I2cProperties properties) {
		if (properties.isMock()) {
			return Pi4J.newContextBuilder()
				.add(MockI2CProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
						MockDigitalInputProvider.newInstance())
				.enableShutdownHook()
				.build();
		}
		return Pi4J.newContextBuilder().autoDetect().enableShutdownHook().build();
	}

	@Bean
	@ConditionalOnMissingBean
	I2cAdapterProvider i2cAdapterProvider(Context pi4jContext, I2cProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new I2cAdapterProvider(pi4jContext,
				properties.isMock() ? MockI2CProvider.ID : properties.getI2cProvider(), properties.getRetries(),
				meterRegistry.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "com.fazecast.jSerialComm.SerialPort")
	FirmataAdapterProvider firmataAdapterProvider() {
		return new FirmataAdapterProvider();
	}

	@Bean
	@ConditionalOnMissingBean
	GpioAdapterProvider gpioAdapterProvider(Context pi4jContext, I2cProperties properties) {
		return new GpioAdapterProvider(pi4jContext,
				properties.isMock() ? MockDigitalOutputProvider.ID : properties.getDigitalOutputProvider(),
				properties.isMock() ? MockDigitalInputProvider.ID : properties.getDigitalInputProvider());
	}

}
