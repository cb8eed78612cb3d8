package dev.library.config.autoconfigure;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the config component: configuration validation, hot reload and
 * the effective configuration.
 *
 * @author Library
 */
@AutoConfiguration
public final class ConfigAutoConfiguration {

	@Bean
	LibraryComponent configComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("config")
			.description("Configuration validation, hot reload and the effective configuration")
			.dependsOn("core")
			.build());
	}

}
