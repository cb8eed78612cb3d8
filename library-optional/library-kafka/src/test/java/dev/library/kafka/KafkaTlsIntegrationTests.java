package dev.library.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.library.adapters.command.CommandAuditLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka component over TLS: a broker whose only client listener speaks TLS, with a
 * certificate made at test time, and the component trusting its CA through a Spring Boot
 * SSL bundle ({@code spring.kafka.ssl.bundle}). The admin client creates the declared
 * topics, the producer publishes a state change, the command consumer executes a signed
 * command, all over that listener.
 *
 * @author Library
 */
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
// Closed after the class: its clients would go on calling a broker that is gone
@DirtiesContext
class KafkaTlsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final TlsBroker broker = TlsBroker.start(true);

	@Autowired
	private WebTestClient client;

	@Autowired
	private KafkaHealthIndicator health;

	@Autowired
	private CommandAuditLog audit;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		broker.registerClientProperties(registry);
	}

	@AfterAll
	static void stopBroker() {
		broker.stop();
	}

	@Test
	void adminClientCreatesTheDeclaredTopicsOverTls() {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			Health current = this.health.health().block(TIMEOUT);
			assertThat(current).isNotNull();
			assertThat(current.getStatus()).isEqualTo(Status.UP);
		});
		JsonNode topics = get("/kafka/topics");
		List<String> existing = new ArrayList<>();
		topics.forEach((topic) -> {
			if (topic.get("declared").booleanValue() && topic.get("exists").booleanValue()) {
				existing.add(topic.get("name").stringValue());
			}
		});
		assertThat(existing).contains("library.state", "library.commands", "library.commands.dlt");
	}

	@Test
	void stateChangeIsPublishedAndCommandConsumedOverTls() throws Exception {
		String key = "test.kafka.tls." + UUID.randomUUID().toString().substring(0, 8);
		this.client.put()
			.uri("/state/" + key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KafkaTestApplication.ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"secure\": true}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		ConsumerRecord<String, byte[]> published = consumeKey("library.state", key);
		assertThat(mapper.readTree(published.value()).get("data").get("value").get("secure").booleanValue()).isTrue();
		String id = "tls-" + UUID.randomUUID();
		byte[] value = ("{\"commandId\": \"" + id
				+ "\", \"device\": \"valve1\", \"point\": \"position\", \"value\": 25}")
			.getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("library.commands", "valve1", value);
		record.headers().add(CommandSignature.PRINCIPAL_HEADER, "scada".getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(CommandSignature.SIGNATURE_HEADER,
					new CommandSignature(KafkaTestApplication.SIGNING_SECRET).sign("scada", value)
						.getBytes(StandardCharsets.UTF_8));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(broker.clientSettings(),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		await().atMost(TIMEOUT)
			.until(() -> this.audit.find(id).map((found) -> found.status().name()).orElse(""), "CONFIRMED"::equals);
	}

	private JsonNode get(String path) {
		byte[] body = this.client.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + KafkaTestApplication.ADMIN_TOKEN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return mapper.readTree(body);
	}

	private static ConsumerRecord<String, byte[]> consumeKey(String topic, String key) throws Exception {
		try (KafkaConsumer<String, byte[]> consumer = TopicRecords.fromBeginning(broker.clientSettings(), topic)) {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (key.equals(record.key())) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No record with key " + key + " on " + topic + " within " + TIMEOUT);
	}

}
