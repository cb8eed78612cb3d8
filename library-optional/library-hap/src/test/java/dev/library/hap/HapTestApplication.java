package dev.library.hap;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application with the hap component, the adapters, alarms, secrets and the
 * platform core, for tests against a real server.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class HapTestApplication {

	/**
	 * The admin token the tests sign in with, declared in the test
	 * {@code application.yaml}.
	 */
	public static final String ADMIN_TOKEN = "lib_hap-tests-admin-token-not-for-production";

}
