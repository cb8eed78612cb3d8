package dev.library.benchmarks.stack;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the stack baseline on a random port and checks that its stack is in force as
 * Library's is: the probe {@code startup.sh} polls, Prometheus and Spring Security.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=" + StackApplication.CONFIG_NAME)
@AutoConfigureWebTestClient
class StackApplicationIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void readinessProbeIsUpUnderHealth() {
		this.client.get()
			.uri("/health/readyz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void prometheusIsServedAtMetrics() {
		String body = this.client.get()
			.uri("/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("jvm_memory_used_bytes");
	}

	@Test
	void routesNeedAuthentication() {
		this.client.get().uri("/greeting").exchange().expectStatus().isUnauthorized();
	}

}
