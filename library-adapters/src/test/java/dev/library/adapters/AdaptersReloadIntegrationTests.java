package dev.library.adapters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.library.config.ConfigReloadHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the platform on a random port with a watched configuration file, then adds,
 * changes and removes adapter instances in the file and checks that the running
 * application follows without a restart: instances connect and disappear, their points,
 * health entries and meters with them, a removed instance's outputs are driven safe, an
 * unchanged instance is left alone, and a bad edit is refused while the instances keep
 * running.
 *
 * @author Library
 */
class AdaptersReloadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private Path file;

	private ConfigurableApplicationContext context;

	private WebTestClient client;

	// Requests that wait for their answer while the test goes on
	private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

	@BeforeEach
	void startApplication() throws IOException {
		this.file = this.directory.resolve("application.yaml");
		publish(configuration(first("40"), ""));
		this.context = new SpringApplicationBuilder(AdaptersTestApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--library.config.watch-path=" + this.file, "--library.config.watch-interval=100ms",
					"--spring.main.banner-mode=off", "--library.state.data-dir=" + this.directory.resolve("state"),
					"--library.state.fsync=false", "--library.adapters.reconnect.initial-delay=50ms",
					"--library.adapters.reconnect.max-delay=200ms", "--library.adapters.stop-timeout=1s",
					"--library.adapters.command-timeout=20s");
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(TIMEOUT)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AdaptersTestApplication.ADMIN_TOKEN)
			.build();
	}

	@AfterEach
	void stopApplication() {
		this.requests.shutdownNow();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void instancesAreAddedChangedAndRemovedOnReload() throws IOException {
		AdapterSupervisors supervisors = this.context.getBean(AdapterSupervisors.class);
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		awaitStatus("first", "CONNECTED");
		AdapterSupervisor first = supervisors.supervisor("first").orElseThrow();
		assertThat(health()).containsExactly("first");

		// Add a second instance: it connects, its points and meters appear; the first is
		// left alone
		publish(configuration(first("40"), second()));
		awaitStatus("second", "CONNECTED");
		assertThat(getJson("/adapters", HttpStatus.OK).get("instances").findValuesAsString("id"))
			.containsExactly("first", "second");
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					point(getJson("/devices/tankB", HttpStatus.OK), "level").get("quality").stringValue())
				.isEqualTo("GOOD"));
		assertThat(supervisors.supervisor("first")).containsSame(first);
		assertThat(first.status().reconnects()).isZero();
		assertThat(health()).containsExactly("first", "second");
		assertThat(meters.find("library.adapter.connected").tag("adapter", "second").gauge()).isNotNull();
		assertThat(latestReload().get("outcome").stringValue()).isEqualTo("applied");

		// Run the second instance's pump, to see it driven safe when the instance goes
		JsonNode command = post("/devices/pumpB/points/running", "{\"value\": true}", HttpStatus.OK);
		assertThat(command.get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(outputs("second")).contains("pump.running=true");

		// Change the first: it is stopped and started again with its new settings
		publish(configuration(first("70"), second()));
		await().atMost(TIMEOUT).until(() -> supervisors.supervisor("first").orElseThrow() != first);
		awaitStatus("first", "CONNECTED");
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode level = point(getJson("/devices/tankA", HttpStatus.OK), "level");
			assertThat(level.get("quality").stringValue()).isEqualTo("GOOD");
			assertThat(level.get("value").doubleValue()).isBetween(69.0, 71.0);
		});
		assertThat(commandsTo("pumpA").findValuesAsString("reason"))
			.contains("instance changed by a configuration reload");
		// The meters are the new supervisor's
		assertThat(meters.get("library.adapter.connected").tag("adapter", "first").gauge().value()).isEqualTo(1.0);
		double reads = meters.get("library.adapter.reads").tag("adapter", "first").counter().count();
		await().atMost(TIMEOUT)
			.until(() -> meters.get("library.adapter.reads").tag("adapter", "first").counter().count() > reads);
		assertThat(supervisors.supervisor("second").orElseThrow().status().reconnects()).isZero();

		// Remove the second: its outputs are driven safe, it is gone from every view
		publish(configuration(first("70"), ""));
		await().atMost(TIMEOUT).until(() -> supervisors.supervisor("second").isEmpty());
		getJson("/adapters/second", HttpStatus.NOT_FOUND);
		getJson("/devices/pumpB", HttpStatus.NOT_FOUND);
		assertThat(post("/devices/pumpB/points/running", "{\"value\": true}", HttpStatus.NOT_FOUND).get("type")
			.stringValue()).endsWith("/device-not-found");
		assertThat(outputs("second")).contains("pump.running=false");
		JsonNode drivenSafe = commandsTo("pumpB").get(0);
		assertThat(drivenSafe.get("actor").stringValue()).isEqualTo("system");
		assertThat(drivenSafe.get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(drivenSafe.get("value").booleanValue()).isFalse();
		assertThat(drivenSafe.get("reason").stringValue()).isEqualTo("instance removed by a configuration reload");
		assertThat(health()).containsExactly("first");
		assertThat(meters.find("library.adapter.connected").tag("adapter", "second").gauge()).isNull();
		awaitStatus("first", "CONNECTED");
	}

	@Test
	void invalidEditIsRefusedAndTheRunningInstancesKeepRunning() throws IOException {
		AdapterSupervisors supervisors = this.context.getBean(AdapterSupervisors.class);
		ConfigReloadHealthIndicator reloadHealth = this.context.getBean(ConfigReloadHealthIndicator.class);
		awaitStatus("first", "CONNECTED");
		AdapterSupervisor first = supervisors.supervisor("first").orElseThrow();
		publish(configuration(first("40").replace("type: virtual", "type: nope"), second()));
		await().atMost(TIMEOUT)
			.until(() -> reloadHealth.health().block().getStatus(), ConfigReloadHealthIndicator.WARNING::equals);
		JsonNode reload = latestReload();
		assertThat(reload.get("outcome").stringValue()).isEqualTo("rejected");
		JsonNode error = reload.get("errors").get(0);
		assertThat(error.get("property").stringValue()).isEqualTo("library.adapters.instances[0].type");
		assertThat(error.get("reason").stringValue()).contains("unknown adapter type 'nope'");
		assertThat(supervisors.supervisor("first")).containsSame(first);
		assertThat(supervisors.supervisor("second")).isEmpty();
		getJson("/adapters/second", HttpStatus.NOT_FOUND);
		awaitStatus("first", "CONNECTED");
		assertThat(first.status().reconnects()).isZero();
		assertThat(commandsTo("pumpA").findValuesAsString("reason")).noneMatch((reason) -> reason.contains("reload"));

		// The next good version is applied
		publish(configuration(first("40"), second()));
		awaitStatus("second", "CONNECTED");
		assertThat(supervisors.supervisor("first")).containsSame(first);
	}

	@Test
	void interlocksAreRebuiltOnReloadWithoutTouchingTheInstances() throws IOException {
		AdapterSupervisors supervisors = this.context.getBean(AdapterSupervisors.class);
		awaitStatus("first", "CONNECTED");
		AdapterSupervisor first = supervisors.supervisor("first").orElseThrow();
		assertThat(
				post("/devices/pumpA/points/running", "{\"value\": true}", HttpStatus.OK).get("status").stringValue())
			.isEqualTo("CONFIRMED");

		// A new interlock that does not hold: the monitor drives the pump safe, commands
		// are rejected
		String interlock = """
				    interlocks:
				      - id: pumpA-permit
				        output: pumpA.running
				        description: The pump needs a permit
				        when: { key: test.permit, operator: EQ, value: "true" }
				""";
		publish(configuration(first("40"), "") + interlock);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(outputs("first")).contains("pump.running=false"));
		assertThat(commandsTo("pumpA").findValuesAsString("actor")).contains("interlock:pumpA-permit");
		JsonNode rejected = post("/devices/pumpA/points/running", "{\"value\": true}", HttpStatus.CONFLICT);
		assertThat(rejected.get("commandStatus").stringValue()).isEqualTo("REJECTED");
		assertThat(rejected.get("detail").stringValue()).contains("The pump needs a permit");

		// Removed again: the pump may run
		publish(configuration(first("40"), ""));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					post("/devices/pumpA/points/running", "{\"value\": true}", HttpStatus.OK).get("status")
						.stringValue())
				.isEqualTo("CONFIRMED"));
		assertThat(supervisors.supervisor("first")).containsSame(first);
		assertThat(first.status().reconnects()).isZero();
		assertThat(commandsTo("pumpA").findValuesAsString("reason")).noneMatch((reason) -> reason.contains("reload"));
	}

	@Test
	void commandsStillQueuedToARemovedInstanceEndFailedWithTheReason() throws Exception {
		String slow = """
				      - id: slow
				        type: test
				        devices:
				          - id: rigS
				            points:
				              - { name: out, data-type: BOOLEAN, access: READ_WRITE }
				""";
		awaitStatus("first", "CONNECTED");
		publish(configuration(first("40"), slow));
		awaitStatus("slow", "CONNECTED");
		// Still writing when the instance is removed: it finishes, the command queued
		// behind it never runs
		TestAdapterProvider.adapter("slow").writeDelay = Duration.ofSeconds(3);
		CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(
				() -> post("/devices/rigS/points/out", "{\"value\": true, \"commandId\": \"slow-1\"}", null),
				this.requests);
		await().atMost(TIMEOUT)
			.until(() -> getJson("/commands?device=rigS", HttpStatus.OK).findValuesAsString("id").contains("slow-1"));
		CompletableFuture<JsonNode> queued = CompletableFuture.supplyAsync(
				() -> post("/devices/rigS/points/out", "{\"value\": false, \"commandId\": \"slow-2\"}", null),
				this.requests);
		await().atMost(TIMEOUT)
			.until(() -> getJson("/commands?device=rigS", HttpStatus.OK).findValuesAsString("id").contains("slow-2"));
		publish(configuration(first("40"), ""));
		JsonNode failed = queued.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(failed.get("commandStatus").stringValue()).isEqualTo("FAILED");
		assertThat(failed.get("detail").stringValue())
			.isEqualTo("Adapter instance 'slow' was stopped (instance removed by a configuration reload)"
					+ " before the task ran");
		assertThat(getJson("/commands/slow-2", HttpStatus.OK).get("status").stringValue()).isEqualTo("FAILED");
		assertThat(running.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get("status").stringValue())
			.isEqualTo("CONFIRMED");
		// The write in progress ended, then the outputs were driven safe; slow-2 never
		// wrote:
		await().atMost(TIMEOUT)
			.until(() -> getJson("/commands?device=rigS", HttpStatus.OK).findValuesAsString("reason")
				.contains("instance removed by a configuration reload"));
		// Safe at start-up, slow-1, safe on removal
		assertThat(TestAdapterProvider.adapter("slow").writes.get()).isEqualTo(3);
		assertThat(TestAdapterProvider.adapter("slow").values).containsEntry("rigS.out", false);
		getJson("/adapters/slow", HttpStatus.NOT_FOUND);
	}

	private String configuration(String first, String second) {
		return """
				library:
				  adapters:
				    instances:
				""" + first + second;
	}

	private String first(String initialLevel) {
		return """
				      - id: first
				        type: virtual
				        settings:
				          seed: "1"
				          initial-level: "%s"
				          fill-rate: "0.001"
				          drain-rate: "0.001"
				          outputs-file: "%s"
				        devices:
				          - id: tankA
				            points:
				              - { name: level, address: tank.level, poll-interval: 100ms }
				          - id: pumpA
				            points:
				              - { name: running, address: pump.running, data-type: BOOLEAN, access: READ_WRITE }
				""".formatted(initialLevel, outputsFile("first"));
	}

	private String second() {
		return """
				      - id: second
				        type: virtual
				        settings:
				          seed: "2"
				          initial-level: "20"
				          fill-rate: "0.001"
				          drain-rate: "0.001"
				          outputs-file: "%s"
				        devices:
				          - id: tankB
				            points:
				              - { name: level, address: tank.level, poll-interval: 100ms }
				          - id: pumpB
				            points:
				              - { name: running, address: pump.running, data-type: BOOLEAN, access: READ_WRITE }
				""".formatted(outputsFile("second"));
	}

	private Path outputsFile(String instance) {
		return this.directory.resolve(instance + "-outputs.properties");
	}

	private String outputs(String instance) throws IOException {
		return Files.readString(outputsFile(instance), StandardCharsets.UTF_8);
	}

	/**
	 * Replace the file in one step, as a ConfigMap update does.
	 */
	private void publish(String content) throws IOException {
		Path temporary = this.directory.resolve("application.yaml.tmp");
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private List<String> health() {
		CompositeReactiveHealthContributor contributor = this.context.getBean("adaptersHealthContributor",
				CompositeReactiveHealthContributor.class);
		return contributor.stream().map(ReactiveHealthContributors.Entry::name).toList();
	}

	private void awaitStatus(String instance, String status) {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(getJson("/adapters/" + instance, HttpStatus.OK).get("status").stringValue())
				.isEqualTo(status));
	}

	private JsonNode latestReload() {
		return getJson("/config/reloads?limit=1", HttpStatus.OK).get("reloads").get(0);
	}

	private JsonNode commandsTo(String device) {
		return getJson("/commands?device=" + device, HttpStatus.OK);
	}

	private static JsonNode point(JsonNode device, String name) {
		for (JsonNode point : device.get("points")) {
			if (point.get("name").stringValue().equals(name)) {
				return point;
			}
		}
		throw new AssertionError("No point " + name + " in " + device);
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
		WebTestClient.ResponseSpec response = this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
		if (status != null) {
			response.expectStatus().isEqualTo(status);
		}
		byte[] body = response.expectBody().returnResult().getResponseBody();
		return mapper.readTree(body);
	}

}
