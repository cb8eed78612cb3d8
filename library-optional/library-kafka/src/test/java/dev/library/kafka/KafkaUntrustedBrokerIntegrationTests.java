package dev.library.kafka;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka component against a TLS broker whose certificate the component's SSL bundle
 * does not trust (signed by another CA): it starts, reports the broker unreachable with
 * the reason (health DOWN, readiness 503, the component degraded), and never hangs.
 *
 * @author Library
 */
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "library.kafka.health-check-interval=1s")
@AutoConfigureWebTestClient(timeout = "30s")
// Closed after the class: its clients would go on calling a broker that is gone
@DirtiesContext
class KafkaUntrustedBrokerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final TlsBroker broker = TlsBroker.start(false);

	@Autowired
	private WebTestClient client;

	@Autowired
	private KafkaHealthIndicator health;

	@Autowired
	private KafkaComponent component;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		broker.registerClientProperties(registry);
	}

	@AfterAll
	static void stopBroker() {
		broker.stop();
	}

	@Test
	void untrustedBrokerCertificateIsReportedWithTheReason() {
		Health current = this.health.health().block(TIMEOUT);
		assertThat(current).isNotNull();
		assertThat(current.getStatus()).isEqualTo(Status.DOWN);
		assertThat(String.valueOf(current.getDetails().get("error"))).contains("SSL handshake failed")
			.contains("unable to find valid certification path");
		await().atMost(TIMEOUT).until(() -> this.component.outage() != null);
		assertThat(this.component.outage()).containsIgnoringCase("SSL handshake failed");
		this.client.get().uri("/health/readyz").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

}
