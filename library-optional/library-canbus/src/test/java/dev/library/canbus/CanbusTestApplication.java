package dev.library.canbus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application with the canbus component, the adapters, the state store and
 * the platform core, for tests against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CanbusTestApplication {

	/**
	 * The admin token the tests sign in with, declared in the test
	 * {@code application.properties}.
	 */
	public static final String ADMIN_TOKEN = "lib_canbus-tests-admin-token-not-for-production";

}
