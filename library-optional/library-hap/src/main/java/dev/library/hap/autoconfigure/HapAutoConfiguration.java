package dev.library.hap.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the hap component: homeKit bridge for relays, valves, pumps and
 * sensors. Switched on by {@code library.enabled-components.hap}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("hap")
public final class HapAutoConfiguration {

	@Bean
	LibraryComponent hapComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("hap")
			.description("HomeKit bridge for relays, valves, pumps and sensors")
			.dependsOn("adapters")
			.build());
	}

}
