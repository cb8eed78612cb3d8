package dev.library.canbus.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the canbus component: cAN bus through SocketCAN with DBC
 * decoding. Switched on by {@code library.enabled-components.canbus}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("canbus")
public final class CanbusAutoConfiguration {

	@Bean
	LibraryComponent canbusComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("canbus")
			.description("CAN bus through SocketCAN with DBC decoding")
			.dependsOn("adapters")
			.build());
	}

}
