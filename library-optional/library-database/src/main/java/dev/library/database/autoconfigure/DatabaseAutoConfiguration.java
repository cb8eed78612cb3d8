package dev.library.database.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the database component: postgreSQL persistence of state and
 * events through R2DBC. Switched on by {@code library.enabled-components.database}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("database")
public final class DatabaseAutoConfiguration {

	@Bean
	LibraryComponent databaseComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("database")
			.description("PostgreSQL persistence of state and events through R2DBC")
			.dependsOn("state")
			.build());
	}

}
