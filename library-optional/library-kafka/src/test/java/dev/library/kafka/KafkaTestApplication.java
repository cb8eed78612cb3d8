package dev.library.kafka;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application with the kafka component, the adapters, the state store and
 * the platform core, for tests against a real server and a real broker.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class KafkaTestApplication {

	/**
	 * The admin token the tests sign in with, declared in the test
	 * {@code application.yaml}.
	 */
	public static final String ADMIN_TOKEN = "lib_kafka-tests-admin-token-not-for-production";

	/**
	 * The secret the test commands are signed with.
	 */
	public static final String SIGNING_SECRET = "kafka-tests-signing-secret";

	@Bean
	RecordedSpans recordedSpans() {
		return new RecordedSpans();
	}

}
