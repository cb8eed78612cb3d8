package dev.library.secrets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The smallest application with the secrets component and the platform core, for tests
 * against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecretsTestApplication {

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
	 * Every {@link SecretRotatedEvent} published, as a consumer would see them.
	 */
	static class RotationEvents {

		final List<SecretRotatedEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void onRotated(SecretRotatedEvent event) {
			this.received.add(event);
		}

	}

}
