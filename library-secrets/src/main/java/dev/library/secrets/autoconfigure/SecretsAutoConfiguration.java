package dev.library.secrets.autoconfigure;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the secrets component: secret storage, Vault access and
 * redaction.
 *
 * @author Library
 */
@AutoConfiguration
public final class SecretsAutoConfiguration {

	@Bean
	LibraryComponent secretsComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("secrets")
			.description("Secret storage, Vault access and redaction")
			.dependsOn("config")
			.build());
	}

}
