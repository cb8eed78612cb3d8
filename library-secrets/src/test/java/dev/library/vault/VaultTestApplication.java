package dev.library.vault;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.secrets.SecretRotatedEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The smallest application with the secrets component, the Vault backend and the platform
 * core, for tests against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class VaultTestApplication {

	/**
	 * The admin token the tests sign in with, declared in
	 * {@code src/test/resources/application.properties}.
	 */
	static final String ADMIN_TOKEN = "lib_secrets-tests-admin-token-not-for-production";

	@Bean
	RotationEvents rotationEvents() {
		return new RotationEvents();
	}

	/**
	 * Every {@link SecretRotatedEvent} published.
	 */
	static class RotationEvents {

		final List<SecretRotatedEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void onRotated(SecretRotatedEvent event) {
			this.received.add(event);
		}

	}

}
