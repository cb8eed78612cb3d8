package dev.library.app;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The HTTP status of the health endpoint and probes for each health status, over real
 * HTTP: Kubernetes and load balancers read only the status code, so a probe that is not
 * up must never answer 200.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class HealthStatusMappingIntegrationTests {

	private static final AtomicReference<Status> probeStatus = new AtomicReference<>(Status.UP);

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext context;

	@AfterEach
	void recover() {
		probeStatus.set(Status.UP);
		AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		AvailabilityChangeEvent.publish(this.context, LivenessState.CORRECT);
	}

	@Test
	void readinessAnswers503WhileRefusingTraffic() {
		expect("/health/readyz", HttpStatus.OK);
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		expect("/health/readyz", HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void livenessAnswers503WhenBroken() {
		expect("/health/livez", HttpStatus.OK);
		AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
		expect("/health/livez", HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void healthAnswers503ForEveryStatusThatIsNotUp() {
		for (Status status : new Status[] { Status.DOWN, Status.OUT_OF_SERVICE, new Status("DEGRADED") }) {
			probeStatus.set(status);
			TestTokens.asAdmin(this.client)
				.get()
				.uri("/health")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectBody()
				.jsonPath("$.components.testProbe.status")
				.isEqualTo(status.getCode());
		}
		probeStatus.set(Status.UP);
		TestTokens.asAdmin(this.client).get().uri("/health").exchange().expectStatus().isOk();
	}

	private void expect(String path, HttpStatus status) {
		this.client.get().uri(path).exchange().expectStatus().isEqualTo(status);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestProbeConfiguration {

		@Bean
		HealthIndicator testProbe() {
			return () -> Health.status(probeStatus.get()).build();
		}

	}

}
