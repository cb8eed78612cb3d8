package dev.library.observability.alarm;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application with the alarms, the state store and the platform core, for
 * tests against a real server. Its alarm definitions are in
 * {@code src/test/resources/application.properties}.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class AlarmTestApplication {

	/**
	 * The admin token the tests sign in with.
	 */
	static final String ADMIN_TOKEN = "lib_observability-tests-admin-token-not-for-production";

}
