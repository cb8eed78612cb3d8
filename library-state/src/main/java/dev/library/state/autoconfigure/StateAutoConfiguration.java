package dev.library.state.autoconfigure;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the state component: live values, their history and sessions.
 *
 * @author Library
 */
@AutoConfiguration
public final class StateAutoConfiguration {

	@Bean
	LibraryComponent stateComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("state")
			.description("Live values, their history and sessions")
			.dependsOn("config")
			.build());
	}

}
