package dev.library.adapters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.library.adapters.autoconfigure.ConfiguredAdapters;
import dev.library.adapters.virtual.VirtualPlantAdapter;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BooleanNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adapters, devices and commands behind a real server on a random port, with the virtual
 * plant and the {@code test} adapter type: safe commands, interlocks, idempotency,
 * serialization, timeouts and problems over real HTTP.
 *
 * @author Library
 */
@SpringBootTest(classes = AdaptersTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("plant")
class AdaptersServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private WebTestClient client;

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AdaptersTestApplication.ADMIN_TOKEN)
			.build();
	}

	@Autowired
	private StateStore store;

	@Autowired
	private ConfiguredAdapters adapters;

	@Autowired
	private MeterRegistry meters;

	@Test
	void adaptersListTypesAndInstancesWithTheirStatus() {
		JsonNode body = getJson("/adapters", HttpStatus.OK);
		assertThat(body.get("types").findValuesAsString("type")).contains("virtual", "test");
		Map<String, String> statuses = new java.util.HashMap<>();
		body.get("instances")
			.forEach(
					(instance) -> statuses.put(instance.get("id").stringValue(), instance.get("status").stringValue()));
		assertThat(statuses).containsEntry("plant", "CONNECTED")
			.containsEntry("lab", "CONNECTED")
			.containsEntry("idle", "DISABLED");
		assertThat(getJson("/adapters/plant", HttpStatus.OK).get("devices").toString())
			.isEqualTo("[\"tank1\",\"pump1\",\"valve1\"]");
		assertProblem(getJson("/adapters/nope", HttpStatus.NOT_FOUND), "adapter-not-found");
	}

	@Test
	void devicesShowTheirPointsWithCurrentValuesAndQuality() {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode level = point(getJson("/devices/tank1", HttpStatus.OK), "level");
			assertThat(level.get("quality").stringValue()).isEqualTo("GOOD");
			assertThat(level.get("value").doubleValue()).isBetween(49.0, 51.0);
			assertThat(level.get("unit").stringValue()).isEqualTo("%");
		});
		JsonNode pump = point(getJson("/devices/pump1", HttpStatus.OK), "running");
		assertThat(pump.get("access").stringValue()).isEqualTo("READ_WRITE");
		assertThat(pump.get("safeValue").booleanValue()).isFalse();
		assertThat(getJson("/devices", HttpStatus.OK).findValuesAsString("id")).contains("tank1", "pump1", "valve1",
				"tank2", "rig", "spare");
		assertProblem(getJson("/devices/nope", HttpStatus.NOT_FOUND), "device-not-found");
	}

	@Test
	void confirmedCommandIsReadBackAndAudited() {
		JsonNode command = post("/devices/valve1/points/position", "{\"value\": 30}", HttpStatus.OK);
		assertThat(command.get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(command.get("readBack").doubleValue()).isEqualTo(30.0);
		assertThat(command.get("actor").stringValue()).isEqualTo("token:bootstrap");
		String id = command.get("id").stringValue();
		assertThat(getJson("/commands/" + id, HttpStatus.OK).get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(getJson("/commands?device=valve1", HttpStatus.OK).findValuesAsString("id")).contains(id);
		assertThat(getJson("/commands?device=pump1", HttpStatus.OK).findValuesAsString("id")).doesNotContain(id);
		assertThat(getJson("/commands?since=2999-01-01T00:00:00Z", HttpStatus.OK).size()).isZero();
		assertThat(this.store.get("plant.valve1.position").block().value().doubleValue()).isEqualTo(30.0);
		post("/devices/valve1/points/position", "{\"value\": 0}", HttpStatus.OK);
	}

	@Test
	void malformedCommandsGetProblems() {
		assertProblem(postRaw("/devices/valve1/points/position", MediaType.TEXT_PLAIN, "30",
				HttpStatus.UNSUPPORTED_MEDIA_TYPE), "unsupported-media-type");
		assertProblem(post("/devices/valve1/points/position", "{\"value\": ", HttpStatus.BAD_REQUEST),
				"malformed-request");
		assertProblem(post("/devices/valve1/points/position", "[30]", HttpStatus.BAD_REQUEST), "malformed-request");
		assertProblem(post("/devices/valve1/points/position", "{}", HttpStatus.BAD_REQUEST), "malformed-request");
		assertProblem(
				post("/devices/valve1/points/position", "{\"value\": 1, \"force\": true}", HttpStatus.BAD_REQUEST),
				"malformed-request");
		assertProblem(
				post("/devices/valve1/points/position", "{\"value\": 1, \"commandId\": 5}", HttpStatus.BAD_REQUEST),
				"malformed-request");
		JsonNode wrongType = post("/devices/valve1/points/position", "{\"value\": \"open\"}", HttpStatus.BAD_REQUEST);
		assertProblem(wrongType, "invalid-point-value");
		assertThat(wrongType.get("detail").stringValue()).contains("must be a number");
		JsonNode tooLarge = post("/devices/valve1/points/position", "{\"value\": 150}", HttpStatus.BAD_REQUEST);
		assertThat(tooLarge.get("detail").stringValue()).contains("must be at most 100 %");
		assertProblem(post("/devices/rig/points/speed", "{\"value\": 2.5}", HttpStatus.BAD_REQUEST),
				"invalid-point-value");
		assertProblem(post("/devices/pump1/points/running", "{\"value\": 1}", HttpStatus.BAD_REQUEST),
				"invalid-point-value");
		assertProblem(post("/devices/valve1/points/position", "{\"value\": 1, \"commandId\": \"a b\"}",
				HttpStatus.BAD_REQUEST), "invalid-parameter");
		assertProblem(post("/devices/tank1/points/level", "{\"value\": 1}", HttpStatus.CONFLICT), "point-read-only");
		assertProblem(post("/devices/nope/points/level", "{\"value\": 1}", HttpStatus.NOT_FOUND), "device-not-found");
		assertProblem(post("/devices/tank1/points/nope", "{\"value\": 1}", HttpStatus.NOT_FOUND), "point-not-found");
		assertProblem(getJson("/commands?since=yesterday", HttpStatus.BAD_REQUEST), "invalid-parameter");
		assertProblem(getJson("/commands/nope", HttpStatus.NOT_FOUND), "command-not-found");
	}

	@Test
	void interlockRejectsAWriteWithItsReasonAndDrivesTheOutputSafeWhenItsInputChanges() {
		this.store.put("test.permit", BooleanNode.FALSE, "test", Quality.GOOD).block();
		JsonNode rejected = post("/devices/pump1/points/running", "{\"value\": true}", HttpStatus.CONFLICT);
		assertProblem(rejected, "command-rejected");
		assertThat(rejected.get("commandStatus").stringValue()).isEqualTo("REJECTED");
		assertThat(rejected.get("detail").stringValue()).contains("pump1-no-overflow", "test.permit == true");
		assertThat(getJson("/commands/" + rejected.get("commandId").stringValue(), HttpStatus.OK).get("status")
			.stringValue()).isEqualTo("REJECTED");
		// The safe value is always allowed
		post("/devices/pump1/points/running", "{\"value\": false}", HttpStatus.OK);

		this.store.put("test.permit", BooleanNode.TRUE, "test", Quality.GOOD).block();
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(interlockEvent("pump1-no-overflow").get("satisfied").booleanValue()).isTrue());
		post("/devices/pump1/points/running", "{\"value\": true}", HttpStatus.OK);

		this.store.put("test.permit", BooleanNode.FALSE, "test", Quality.GOOD).block();
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(this.store.get("plant.pump1.running").block().value().booleanValue()).isFalse());
		JsonNode event = interlockEvent("pump1-no-overflow");
		assertThat(event.get("satisfied").booleanValue()).isFalse();
		assertThat(event.get("reason").stringValue()).contains("test.permit");
		JsonNode safeCommand = getJson("/commands?device=pump1&limit=1", HttpStatus.OK).get(0);
		assertThat(safeCommand.get("actor").stringValue()).isEqualTo("interlock:pump1-no-overflow");
		assertThat(safeCommand.get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(safeCommand.get("reason").stringValue()).contains("test.permit");
	}

	@Test
	void interlockStopsThePumpBeforeTheTankOverflows() {
		post("/devices/pump2/points/running", "{\"value\": true}", HttpStatus.OK);
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(this.store.get("fast.pump2.running").block().value().booleanValue()).isFalse());
		VirtualPlantAdapter fast = (VirtualPlantAdapter) adapter("fast");
		assertThat(fast.overflowed()).isFalse();
		assertThat(getJson("/commands?device=pump2&limit=1", HttpStatus.OK).get(0).get("actor").stringValue())
			.isEqualTo("interlock:pump2-no-overflow");
		assertProblem(post("/devices/pump2/points/running", "{\"value\": true}", HttpStatus.CONFLICT),
				"command-rejected");
	}

	@Test
	void commandIdSentTwiceIsExecutedOnce() {
		TestAdapterProvider.TestAdapter lab = TestAdapterProvider.adapter("lab");
		int writes = lab.writes.get();
		JsonNode first = post("/devices/rig/points/speed", "{\"value\": 3, \"commandId\": \"once-1\"}", HttpStatus.OK);
		JsonNode second = post("/devices/rig/points/speed", "{\"value\": 3, \"commandId\": \"once-1\"}", HttpStatus.OK);
		assertThat(second).isEqualTo(first);
		assertThat(lab.writes.get()).isEqualTo(writes + 1);
		JsonNode reused = post("/devices/rig/points/speed", "{\"value\": 4, \"commandId\": \"once-1\"}",
				HttpStatus.CONFLICT);
		assertProblem(reused, "command-id-reused");
		assertThat(lab.writes.get()).isEqualTo(writes + 1);
	}

	@Test
	void twentyConcurrentCommandsToOneOutputAreSerializedAndAllAudited() {
		VirtualPlantAdapter plant = (VirtualPlantAdapter) adapter("plant");
		Instant before = Instant.now();
		List<CompletableFuture<JsonNode>> commands = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String body = "{\"value\": " + (i * 5) + ", \"commandId\": \"concurrent-" + i + "\"}";
			commands
				.add(CompletableFuture.supplyAsync(() -> post("/devices/valve1/points/position", body, HttpStatus.OK)));
		}
		List<JsonNode> results = commands.stream().map(CompletableFuture::join).toList();
		assertThat(results)
			.allSatisfy((command) -> assertThat(command.get("status").stringValue()).isEqualTo("CONFIRMED"));
		assertThat(plant.mostConcurrentWrites()).isEqualTo(1);
		List<JsonNode> audited = new ArrayList<>();
		getJson("/commands?device=valve1&limit=1000&since=" + before, HttpStatus.OK).forEach((command) -> {
			if (command.get("id").stringValue().startsWith("concurrent-")) {
				audited.add(command);
			}
		});
		assertThat(audited).hasSize(20);
		audited.sort(Comparator.comparing((command) -> Instant.parse(command.get("startedAt").stringValue())));
		for (int i = 1; i < audited.size(); i++) {
			Instant previousEnd = Instant.parse(audited.get(i - 1).get("completedAt").stringValue());
			Instant start = Instant.parse(audited.get(i).get("startedAt").stringValue());
			assertThat(start).isAfterOrEqualTo(previousEnd);
		}
		post("/devices/valve1/points/position", "{\"value\": 0}", HttpStatus.OK);
	}

	@Test
	void commandNotConfirmedInTimeTimesOutAndACommandQueuedBehindItIsNeverWritten() {
		TestAdapterProvider.TestAdapter lab = TestAdapterProvider.adapter("lab");
		// Long enough that the second command times out in the queue even on a slow
		// machine
		lab.writeDelay = Duration.ofSeconds(3);
		try {
			int writes = lab.writes.get();
			CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(() -> post("/devices/rig/points/label",
					"{\"value\": \"slow\", \"commandId\": \"slow-1\"}", HttpStatus.GATEWAY_TIMEOUT));
			await().atMost(TIMEOUT).until(() -> getStatus("/commands/slow-1") == 200);
			JsonNode queued = post("/devices/rig/points/label", "{\"value\": \"queued\", \"commandId\": \"queued-1\"}",
					HttpStatus.GATEWAY_TIMEOUT);
			assertProblem(slow.join(), "command-timed-out");
			assertThat(queued.get("commandStatus").stringValue()).isEqualTo("TIMED_OUT");
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lab.writes.get()).isEqualTo(writes + 1));
			assertThat(lab.values.get("rig.label")).isEqualTo("slow");
			assertThat(getJson("/commands/queued-1", HttpStatus.OK).has("startedAt")).isFalse();
		}
		finally {
			lab.writeDelay = Duration.ZERO;
		}
	}

	@Test
	void writeTheDeviceDoesNotTakeFails() {
		TestAdapterProvider.TestAdapter lab = TestAdapterProvider.adapter("lab");
		lab.ignoreWrites = true;
		try {
			JsonNode failed = post("/devices/rig/points/out", "{\"value\": true}", HttpStatus.BAD_GATEWAY);
			assertProblem(failed, "command-failed");
			assertThat(failed.get("detail").stringValue()).contains("Read back false");
		}
		finally {
			lab.ignoreWrites = false;
		}
	}

	@Test
	void outputIsDrivenSafeWhenTheDeviceTookAnotherValue() {
		TestAdapterProvider.TestAdapter lab = TestAdapterProvider.adapter("lab");
		lab.integerCeiling = 5;
		try {
			JsonNode failed = post("/devices/rig/points/speed", "{\"value\": 8}", HttpStatus.BAD_GATEWAY);
			assertProblem(failed, "command-failed");
			assertThat(failed.get("detail").stringValue()).contains("Read back 5");
			String failedId = failed.get("commandId").stringValue();
			// the device is in a state nobody asked for: it goes to its safe state
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode latest = getJson("/commands?device=rig&limit=1", HttpStatus.OK).get(0);
				assertThat(latest.get("actor").stringValue()).isEqualTo("system");
				assertThat(latest.get("point").stringValue()).isEqualTo("speed");
				assertThat(latest.get("status").stringValue()).isEqualTo("CONFIRMED");
				assertThat(latest.get("value").longValue()).isZero();
				assertThat(latest.get("reason").stringValue()).contains(failedId).contains("read back 5");
			});
			assertThat(point(getJson("/devices/rig", HttpStatus.OK), "speed").get("value").longValue()).isZero();
		}
		finally {
			lab.integerCeiling = Long.MAX_VALUE;
		}
	}

	@Test
	void outputIsDrivenSafeOnReconnectionAfterAWriteLostWithTheConnection() {
		TestAdapterProvider.TestAdapter lab = TestAdapterProvider.adapter("lab");
		post("/devices/rig/points/speed", "{\"value\": 3}", HttpStatus.OK);
		lab.loseConnection(2);
		JsonNode failed = post("/devices/rig/points/speed", "{\"value\": 4}", HttpStatus.BAD_GATEWAY);
		assertThat(failed.get("detail").stringValue()).contains("Write failed");
		String failedId = failed.get("commandId").stringValue();
		// reconnected well within the watchdog timeout, so only this output goes safe
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode latest = getJson("/commands?device=rig&limit=1", HttpStatus.OK).get(0);
			assertThat(latest.get("actor").stringValue()).isEqualTo("system");
			assertThat(latest.get("status").stringValue()).isEqualTo("CONFIRMED");
			assertThat(latest.get("reason").stringValue()).contains(failedId);
		});
		assertThat(point(getJson("/devices/rig", HttpStatus.OK), "speed").get("value").longValue()).isZero();
	}

	@Test
	void commandToADisabledInstanceIsRejected() {
		JsonNode rejected = post("/devices/spare/points/running", "{\"value\": true}", HttpStatus.CONFLICT);
		assertThat(rejected.get("detail").stringValue()).contains("'idle' is disabled");
		assertProblem(postRaw("/adapters/idle/reconnect", MediaType.APPLICATION_JSON, "{}", HttpStatus.CONFLICT),
				"adapter-disabled");
	}

	@Test
	void reconnectClosesAndOpensTheConnection() {
		long before = getJson("/adapters/lab", HttpStatus.OK).get("reconnects").longValue();
		JsonNode status = postRaw("/adapters/lab/reconnect", MediaType.APPLICATION_JSON, "{}", HttpStatus.OK);
		assertThat(status.get("status").stringValue()).isEqualTo("CONNECTED");
		assertThat(status.get("reconnects").longValue()).isEqualTo(before + 1);
	}

	@Test
	void healthHasOneEntryPerInstanceAndMetersAreTaggedByInstance() {
		JsonNode health = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		JsonNode instances = health.at("/components/adapters/components");
		assertThat(instances.at("/plant/status").stringValue()).isEqualTo("UP");
		assertThat(instances.at("/idle/status").stringValue()).isEqualTo("UNKNOWN");
		assertThat(instances.at("/plant/details/type").stringValue()).isEqualTo("virtual");
		await().atMost(TIMEOUT)
			.until(() -> this.meters.get("library.adapter.reads").tag("adapter", "plant").counter().count() > 0);
		assertThat(this.meters.get("library.adapter.connected").tag("adapter", "plant").gauge().value()).isEqualTo(1);
		assertThat(this.meters.get("library.adapter.connected").tag("adapter", "idle").gauge().value()).isZero();
		assertThat(this.meters.get("library.adapter.read.latency").tag("adapter", "plant").timer().count())
			.isPositive();
	}

	@Test
	void openApiDescribesTheRoutes() {
		JsonNode paths = getJson("/v3/api-docs", HttpStatus.OK).get("paths");
		assertThat(paths.has("/devices/{id}/points/{point}")).isTrue();
		assertThat(paths.has("/adapters/{id}/reconnect")).isTrue();
		assertThat(paths.has("/commands")).isTrue();
	}

	private Object adapter(String id) {
		return this.adapters.instances()
			.stream()
			.filter((instance) -> instance.config().id().equals(id))
			.findFirst()
			.orElseThrow()
			.adapter();
	}

	private JsonNode interlockEvent(String id) {
		return this.store.get("adapters.interlocks." + id).block().value();
	}

	private static JsonNode point(JsonNode device, String name) {
		for (JsonNode point : device.get("points")) {
			if (point.get("name").stringValue().equals(name)) {
				return point;
			}
		}
		throw new AssertionError("No point " + name + " in " + device);
	}

	private static void assertProblem(JsonNode problem, String kind) {
		assertThat(problem.get("type").stringValue()).isEqualTo("https://library.dev/problems/" + kind);
		assertThat(problem.has("title")).isTrue();
		assertThat(problem.toString()).doesNotContain("Exception", "dev.library");
		assertThat(problem.get("status").isInt()).as("status is the HTTP status").isTrue();
	}

	private int getStatus(String uri) {
		return this.client.get().uri(uri).exchange().returnResult(String.class).getStatus().value();
	}

	private JsonNode getJson(String uri, HttpStatus status) {
		byte[] body = this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return mapper.readTree(body);
	}

	private JsonNode post(String uri, String json, HttpStatus status) {
		return postRaw(uri, MediaType.APPLICATION_JSON, json, status);
	}

	private JsonNode postRaw(String uri, MediaType contentType, String body, HttpStatus status) {
		WebTestClient.ResponseSpec response = this.client.post()
			.uri(uri)
			.contentType(contentType)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status);
		if (status.isError()) {
			response.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return mapper.readTree(response.expectBody().returnResult().getResponseBody());
	}

}
