package dev.library.adapters.autoconfigure;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the adapters component: device adapters: SPI, registry and
 * connection supervision.
 *
 * @author Library
 */
@AutoConfiguration
public final class AdaptersAutoConfiguration {

	@Bean
	LibraryComponent adaptersComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("adapters")
			.description("Device adapters: SPI, registry and connection supervision")
			.dependsOn("state")
			.build());
	}

}
