package dev.library.benchmarks.minimal;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts the baseline application on a random port and checks that it answers the probe
 * that {@code startup.sh} polls, as Library does.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.config.name=" + MinimalApplication.CONFIG_NAME)
@AutoConfigureWebTestClient
class MinimalApplicationIntegrationTests {

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
	void livenessProbeIsUpUnderHealth() {
		this.client.get().uri("/health/livez").exchange().expectStatus().isOk();
	}

	@Test
	void onlyHealthIsExposed() {
		this.client.get().uri("/metrics").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
	}

}
