package dev.library.adapters;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application with the adapters component, the state store and the platform
 * core, for tests against a real server and in a child process.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class AdaptersTestApplication {

	/**
	 * The admin token the tests sign in with, declared in the test
	 * {@code application.properties}.
	 */
	public static final String ADMIN_TOKEN = "lib_adapters-tests-admin-token-not-for-production";

	@Bean
	TestAdapterProvider testAdapterProvider() {
		return new TestAdapterProvider();
	}

	public static void main(String[] args) {
		org.springframework.boot.SpringApplication.run(AdaptersTestApplication.class, args);
	}

}
