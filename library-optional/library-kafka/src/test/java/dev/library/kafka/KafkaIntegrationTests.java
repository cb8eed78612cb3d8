package dev.library.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.library.adapters.command.CommandAuditLog;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka component against a real broker started in-process (KRaft) and the whole
 * application on a random port: topics created and checked at start, state changes
 * published as CloudEvents in order per key, commands consumed from the command topic
 * through the command executor (audited, idempotent), refused and malformed records
 * dead-lettered with their reason, the routes, health and metrics.
 *
 * @author Library
 */
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class KafkaIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String NOTIFICATIONS = "library.alarm-notifications";

	private static final EmbeddedKafkaKraftBroker broker = startBroker();

	private static final CommandSignature signature = new CommandSignature(KafkaTestApplication.SIGNING_SECRET);

	private static final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
			Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
			new ByteArraySerializer());

	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KafkaHealthIndicator health;

	@Autowired
	private CommandAuditLog audit;

	@Autowired
	private RecordedSpans spans;

	private static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		// Declared below with 2 partitions: the drift GET /kafka/topics reports
		broker.addTopics(new NewTopic("drifted", 1, (short) 1));
		return broker;
	}

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		String[] topics = { "library.state", "library.alarms", "library.command-results", "library.commands",
				"library.commands.dlt" };
		for (int i = 0; i < topics.length; i++) {
			String topic = topics[i];
			registry.add("library.kafka.topics[" + i + "].name", () -> topic);
			registry.add("library.kafka.topics[" + i + "].partitions", () -> 2);
			registry.add("library.kafka.topics[" + i + "].retention", () -> "7d");
		}
		registry.add("library.kafka.topics[5].name", () -> "drifted");
		registry.add("library.kafka.topics[5].partitions", () -> 2);
		registry.add("library.kafka.topics[6].name", () -> NOTIFICATIONS);
		registry.add("library.alarms.definitions[0].name", () -> "kafka-hot");
		registry.add("library.alarms.definitions[0].key", () -> "test.kafka.temperature");
		registry.add("library.alarms.definitions[0].type", () -> "hi");
		registry.add("library.alarms.definitions[0].limit", () -> 80);
		registry.add("library.alarms.notifications.channels[0].name", () -> "control-room");
		registry.add("library.alarms.notifications.channels[0].type", () -> "kafka");
		registry.add("library.alarms.notifications.channels[0].topic", () -> NOTIFICATIONS);
	}

	@AfterAll
	static void stopBroker() {
		producer.close(Duration.ofSeconds(5));
		broker.destroy();
	}

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + KafkaTestApplication.ADMIN_TOKEN)
			.build();
	}

	@Test
	void declaredTopicsAreCreatedAtStartAndDriftIsReported() {
		JsonNode topics = getJson("/kafka/topics");
		Map<String, JsonNode> byName = new java.util.HashMap<>();
		topics.forEach((topic) -> byName.put(topic.get("name").stringValue(), topic));
		assertThat(byName).containsKeys("library.state", "library.commands", "library.commands.dlt", "drifted");
		JsonNode state = byName.get("library.state");
		assertThat(state.get("declared").booleanValue()).isTrue();
		assertThat(state.get("exists").booleanValue()).isTrue();
		assertThat(state.get("partitions").intValue()).isEqualTo(2);
		assertThat(state.get("config").get("retention.ms").stringValue()).isEqualTo("604800000");
		assertThat(state.get("drift")).isEmpty();
		assertThat(byName.get("drifted").get("drift").toString()).contains("partitions: declared 2, actual 1");
	}

	@Test
	void infoShowsServersClientIdsAndLagWithoutCredentials() {
		JsonNode info = getJson("/kafka/info");
		assertThat(info.get("bootstrapServers").get(0).stringValue()).isEqualTo(broker.getBrokersAsString());
		assertThat(info.get("reachable").booleanValue()).isTrue();
		assertThat(info.get("brokers").intValue()).isEqualTo(1);
		assertThat(info.get("clientIds").get("producer").stringValue()).isEqualTo("library-producer");
		assertThat(info.get("cloudEventsMode").stringValue()).isEqualTo("structured");
		assertThat(info.get("commands").get("groupId").stringValue()).isEqualTo("library-commands");
		assertThat(info.get("commands").has("totalLag")).isTrue();
		assertThat(info.toString()).doesNotContain(KafkaTestApplication.SIGNING_SECRET);
		this.client.mutate()
			.defaultHeaders((headers) -> headers.remove(HttpHeaders.AUTHORIZATION))
			.build()
			.get()
			.uri("/kafka/info")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void stateChangesArePublishedAsCloudEventsInOrderPerKey() {
		String key = "test.kafka.ordered";
		for (int i = 1; i <= 20; i++) {
			this.client.put()
				.uri("/state/" + key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"n\": " + i + "}")
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
		}
		List<ConsumerRecord<String, byte[]>> records = consume("library.state",
				(all) -> all.stream().filter((record) -> key.equals(record.key())).count() >= 20);
		List<ConsumerRecord<String, byte[]>> mine = records.stream()
			.filter((record) -> key.equals(record.key()))
			.toList();
		assertThat(mine).hasSize(20);
		List<Integer> values = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : mine) {
			assertThat(header(record, "content-type")).startsWith("application/cloudevents+json");
			JsonNode event = mapper.readTree(record.value());
			assertThat(event.get("specversion").stringValue()).isEqualTo("1.0");
			assertThat(event.get("type").stringValue()).isEqualTo(CloudEvent.STATE_CHANGED);
			assertThat(event.get("source").stringValue()).isEqualTo("/library");
			assertThat(event.get("subject").stringValue()).isEqualTo(key);
			assertThat(event.get("id").stringValue())
				.isEqualTo("state-" + event.get("data").get("sequence").longValue());
			values.add(event.get("data").get("value").get("n").intValue());
		}
		assertThat(values).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
	}

	@Test
	void traceOfAStatePutGoesOnToTheKafkaSend() {
		String key = "test.kafka.traced";
		String traceId = UUID.randomUUID().toString().replace("-", "");
		this.client.put()
			.uri("/state/" + key)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"traced\": true}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		ConsumerRecord<String, byte[]> record = consume("library.state",
				(all) -> all.stream().anyMatch((candidate) -> key.equals(candidate.key())))
			.stream()
			.filter((candidate) -> key.equals(candidate.key()))
			.findFirst()
			.orElseThrow();
		String traceparent = header(record, "traceparent");
		assertThat(traceparent).as("traceparent of the record").startsWith("00-" + traceId + "-");
		String producerSpanId = traceparent.split("-")[2];
		SpanData producer = await().atMost(TIMEOUT)
			.until(() -> this.spans.spans()
				.stream()
				.filter((span) -> span.getSpanId().equals(producerSpanId))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
		assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(producer.getTraceId()).isEqualTo(traceId);
		List<SpanData> trace = this.spans.spans().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
		assertThat(trace).as("the PUT's server span").anyMatch((span) -> span.getKind() == SpanKind.SERVER);
		assertThat(producer.getParentSpanId()).as("the producer span's parent is a span of the PUT's request")
			.isIn(trace.stream().map(SpanData::getSpanId).toList());
	}

	@Test
	void stateChangeNoTraceLeadsToIsSentWithoutASpanOfItsOwn(@Autowired StateStore store) {
		// As an adapter writes its readings: no observation is current
		String key = "test.kafka.untraced";
		store.put(key, IntNode.valueOf(7), "test", Quality.GOOD).block(TIMEOUT);
		ConsumerRecord<String, byte[]> record = consume("library.state",
				(all) -> all.stream().anyMatch((candidate) -> key.equals(candidate.key())))
			.stream()
			.filter((candidate) -> key.equals(candidate.key()))
			.findFirst()
			.orElseThrow();
		assertThat(header(record, "traceparent")).isNull();
	}

	@Test
	void commandConsumedFromTheTopicContinuesTheProducersTrace() {
		// As a producer instrumented with Micrometer Observation or OpenTelemetry writes
		// it
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String producerSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		String id = "traced-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> record = signed("valve1", command(id, "valve1", "position", "35"), "scada");
		record.headers()
			.add("traceparent", ("00-" + traceId + "-" + producerSpanId + "-01").getBytes(StandardCharsets.UTF_8));
		send(record);
		await().atMost(TIMEOUT)
			.until(() -> this.audit.find(id).map((found) -> found.status().name()).orElse(""), "CONFIRMED"::equals);
		SpanData consumer = await().atMost(TIMEOUT)
			.until(() -> this.spans.spans()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.CONSUMER && span.getTraceId().equals(traceId))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(consumer.getParentSpanId()).as("the consumer span's parent is the producer's span")
			.isEqualTo(producerSpanId);
		assertThat(consumer.getName()).contains("library.commands");
		assertThat(this.meters.find("library.kafka.receive").timer()).isNotNull();
	}

	@Test
	void raisedAlarmIsNotifiedOnTheKafkaChannelsTopic() {
		this.client.put()
			.uri("/state/test.kafka.temperature")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("95")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		ConsumerRecord<String, byte[]> record = consume(NOTIFICATIONS,
				(all) -> all.stream().anyMatch((candidate) -> subject(candidate).startsWith("kafka-hot")))
			.stream()
			.filter((candidate) -> subject(candidate).startsWith("kafka-hot"))
			.findFirst()
			.orElseThrow();
		JsonNode event = mapper.readTree(record.value());
		assertThat(event.get("type").stringValue()).isEqualTo(CloudEvent.ALARM_NOTIFICATION);
		assertThat(record.key()).isEqualTo(event.get("subject").stringValue());
		assertThat(event.get("data").get("event").stringValue()).isEqualToIgnoringCase("raised");
		assertThat(event.get("data").get("alarm").get("definition").stringValue()).isEqualTo("kafka-hot");
		assertThat(event.get("id").stringValue()).isEqualTo(event.get("data").get("id").stringValue());
	}

	@Test
	void commandFromTheTopicIsExecutedAuditedPublishedAndNotRepeated() {
		String id = "kafka-" + UUID.randomUUID();
		ProducerRecord<String, byte[]> record = signed("valve1",
				"{\"commandId\": \"" + id + "\", \"device\": \"valve1\", \"point\": \"position\", \"value\": 40}",
				"scada");
		send(record);
		JsonNode command = await().atMost(TIMEOUT)
			.until(() -> this.audit.find(id).<JsonNode>map(mapper::valueToTree).orElse(null),
					(found) -> found != null && "CONFIRMED".equals(found.get("status").stringValue()));
		assertThat(command.get("actor").stringValue()).isEqualTo("kafka:scada");
		assertThat(getJson("/commands/" + id).get("status").stringValue()).isEqualTo("CONFIRMED");
		List<ConsumerRecord<String, byte[]>> results = consume("library.command-results",
				(all) -> all.stream().anyMatch((result) -> subject(result).equals(id)));
		ConsumerRecord<String, byte[]> result = results.stream()
			.filter((candidate) -> subject(candidate).equals(id))
			.findFirst()
			.orElseThrow();
		assertThat(result.key()).isEqualTo("valve1");
		assertThat(mapper.readTree(result.value()).get("type").stringValue()).isEqualTo(CloudEvent.COMMAND_COMPLETED);
		double duplicatesBefore = this.meters.counter("library.kafka.commands.duplicates").count();
		send(record);
		await().atMost(TIMEOUT)
			.until(() -> this.meters.counter("library.kafka.commands.duplicates").count() > duplicatesBefore);
		assertThat(this.audit.query("valve1", null, 1000).stream().filter((found) -> found.id().equals(id))).hasSize(1);
	}

	@Test
	void refusedAndMalformedRecordsAreDeadLetteredAndTheConsumerGoesOn() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Map<String, ProducerRecord<String, byte[]>> cases = new java.util.LinkedHashMap<>();
		cases.put("malformed", signed("x", "{not json " + run, "scada"));
		cases.put("device-not-found", signed("nope", command("unknown-" + run, "nope", "running", "true"), "scada"));
		cases.put("invalid-point-value",
				signed("valve1", command("wrongtype-" + run, "valve1", "position", "\"wide open\""), "scada"));
		cases.put("oversized", signed("valve1",
				command("big-" + run, "valve1", "position", "{\"padding\": \"" + "x".repeat(3000) + "\"}"), "scada"));
		ProducerRecord<String, byte[]> unsigned = new ProducerRecord<>("library.commands", "valve1",
				command("unsigned-" + run, "valve1", "position", "10").getBytes(StandardCharsets.UTF_8));
		cases.put("signature", unsigned);
		cases.put("command-rejected",
				signed("pump1", command("interlocked-" + run, "pump1", "running", "true"), "scada"));
		ProducerRecord<String, byte[]> forged = signed("valve1", command("forged-" + run, "valve1", "position", "20"),
				"scada");
		forged.headers()
			.remove(CommandSignature.PRINCIPAL_HEADER)
			.add(CommandSignature.PRINCIPAL_HEADER, "admin".getBytes(StandardCharsets.UTF_8));
		cases.put("signature-forged", forged);
		cases.values().forEach(this::send);
		String afterwards = "after-" + run;
		send(signed("valve1", command(afterwards, "valve1", "position", "55"), "scada"));
		List<ConsumerRecord<String, byte[]>> dead = consume("library.commands.dlt",
				(all) -> all.stream().filter((record) -> run(record, run)).count() >= 7);
		List<String> codes = dead.stream()
			.filter((record) -> run(record, run))
			.map((record) -> header(record, CommandRecordListener.REASON_CODE_HEADER))
			.toList();
		assertThat(codes).contains("malformed", "device-not-found", "invalid-point-value", "oversized", "signature",
				"command-rejected");
		assertThat(codes.stream().filter("signature"::equals)).hasSize(2);
		dead.stream().filter((record) -> run(record, run)).forEach((record) -> {
			assertThat(header(record, CommandRecordListener.REASON_HEADER)).isNotBlank();
			assertThat(header(record, CommandRecordListener.ORIGIN_HEADER)).startsWith("library.commands-");
		});
		await().atMost(TIMEOUT)
			.until(() -> this.audit.find(afterwards).map((found) -> found.status().name()).orElse(""),
					"CONFIRMED"::equals);
		assertThat(this.audit.find("unsigned-" + run)).isEmpty();
		assertThat(this.audit.find("forged-" + run)).isEmpty();
		assertThat(this.meters.find("library.kafka.commands.dead-lettered").tag("reason", "signature").counter())
			.isNotNull();
	}

	@Test
	void healthIsUpWithTheClusterAndMetricsArePublished() {
		org.springframework.boot.health.contributor.Health current = this.health.health().block(TIMEOUT);
		assertThat(current).isNotNull();
		assertThat(current.getStatus()).isEqualTo(Status.UP);
		assertThat(current.getDetails()).containsKeys("clusterId", "brokers", "pendingStateChanges");
		// A change written in a request's trace: its send is observed and timed
		this.client.put()
			.uri("/state/test.kafka.timed")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"timed\": true}")
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		String metrics = await().atMost(TIMEOUT)
			.until(() -> this.client.get()
				.uri("/metrics")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody(), (body) -> body != null && body.contains("library_kafka_send_seconds"));
		this.client.get()
			.uri("/health/readyz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.components.components.kafka.status")
			.isEqualTo("UP");
		assertThat(metrics).contains("library_kafka_records_sent", "library_kafka_state_pending",
				"library_kafka_state_acknowledged", "library_kafka_send_seconds", "kafka_producer_",
				// The names docs/operations.md queries
				"library_kafka_state_backlog_changes", "library_kafka_state_gaps_changes_total");
	}

	private static boolean run(ConsumerRecord<String, byte[]> record, String run) {
		return new String(record.value(), StandardCharsets.UTF_8).contains(run);
	}

	private static String command(String id, String device, String point, String value) {
		return "{\"commandId\": \"" + id + "\", \"device\": \"" + device + "\", \"point\": \"" + point
				+ "\", \"value\": " + value + "}";
	}

	private static ProducerRecord<String, byte[]> signed(String key, String value, String principal) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("library.commands", key, bytes);
		record.headers().add(CommandSignature.PRINCIPAL_HEADER, principal.getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(CommandSignature.SIGNATURE_HEADER, signature.sign(principal, bytes).getBytes(StandardCharsets.UTF_8));
		return record;
	}

	private void send(ProducerRecord<String, byte[]> record) {
		try {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String subject(ConsumerRecord<String, byte[]> record) {
		JsonNode subject = mapper.readTree(record.value()).get("subject");
		return (subject != null) ? subject.stringValue() : "";
	}

	private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static List<ConsumerRecord<String, byte[]>> consume(String topic,
			Predicate<List<ConsumerRecord<String, byte[]>>> done) {
		try (KafkaConsumer<String, byte[]> consumer = TopicRecords
			.fromBeginning(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), topic)) {
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!done.test(records) && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			assertThat(done.test(records)).as("records of " + topic + " within " + TIMEOUT).isTrue();
			return records;
		}
	}

	private JsonNode getJson(String path) {
		byte[] body = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.OK)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return mapper.readTree(Optional.ofNullable(body).orElseThrow());
	}

}
