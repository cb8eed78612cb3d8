package dev.library.state;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application with the state component and the platform core, for tests
 * against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class StateTestApplication {

	/**
	 * The admin token the tests sign in with, declared in
	 * {@code src/test/resources/application.properties}.
	 */
	static final String ADMIN_TOKEN = "lib_state-tests-admin-token-not-for-production";

}
