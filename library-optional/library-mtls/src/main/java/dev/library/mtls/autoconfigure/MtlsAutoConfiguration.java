package dev.library.mtls.autoconfigure;

import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the mtls component: mutual TLS with certificates rotated by
 * cert-manager. Switched on by {@code library.enabled-components.mtls}.
 *
 * @author Library
 */
@AutoConfiguration
@ConditionalOnLibraryComponent("mtls")
public final class MtlsAutoConfiguration {

	@Bean
	LibraryComponent mtlsComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("mtls")
			.description("Mutual TLS with certificates rotated by cert-manager")
			.dependsOn("secrets")
			.build());
	}

}
