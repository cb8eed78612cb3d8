package dev.library.i2c.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the i2c component: i2C and GPIO relays, valves, pumps and sensors
 * through Pi4J. Switched on by {@code library.enabled-components.i2c}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("i2c")
public final class I2cAutoConfiguration {

	@Bean
	LibraryComponent i2cComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("i2c")
			.description("I2C and GPIO relays, valves, pumps and sensors through Pi4J")
			.dependsOn("adapters")
			.build());
	}

}
