package dev.library.hap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge against a real HomeKit controller: hap-controller's IP client (npm
 * {@code hap-controller} 0.10.2, run by {@code src/test/node/controller.js}) connecting
 * to 127.0.0.1 and the bridge's port, without mDNS discovery. It pairs with the setup
 * code, lists the accessories, reads, writes, subscribes and receives an event, meets an
 * interlock; then the platform restarts on the same data and secrets, and the stored
 * pairing still verifies with the same accessory and characteristic ids.
 *
 * @author Library
 */
class HapControllerIntegrationTests {

	@TempDir
	static Path dir;

	@BeforeAll
	static void installController() throws Exception {
		HapControllerProcess.install(dir);
	}

	@Test
	void controllerPairsReadsWritesSubscribesAndKeepsItsPairingAcrossARestart() throws Exception {
		Path pairingFile = dir.resolve("controller-pairing.json");
		List<JsonNode> firstListing;
		String deviceId;
		try (ConfigurableApplicationContext platform = start()) {
			WebTestClient http = client(platform);
			JsonNode info = info(http);
			deviceId = info.get("deviceId").stringValue();
			assertThat(info.get("setupCode").stringValue()).isEqualTo("031-45-154");
			assertThat(info.get("setupUri").stringValue()).startsWith("X-HM://").hasSize(20);
			assertThat(info.get("controllers")).isEmpty();
			assertThat(info.at("/mdns/state").stringValue()).isEqualTo("DISABLED");
			assertThat(info.at("/mdns/advertised").asBoolean()).isFalse();
			assertThat(info.at("/mdns/txt")).isEmpty();
			int pump = aid(info, "inlet-pump");
			int valve = aid(info, "garden-valve");
			int heater = aid(info, "heater");
			int temperature = aid(info, "tank-temperature");
			int alarm = aid(info, "tank-warm");
			assertThat(pump).isEqualTo(AccessoryIds.of("inlet-pump"));
			awaitActiveAlarm(http, "tank-warm.plant.tank1.temperature");

			List<JsonNode> steps = controller(deviceId, info.get("port").asInt(), pairingFile,
					step("pair", Map.of("code", "031-45-154")), step("accessories", Map.of()),
					step("read",
							Map.of("names",
									List.of(pump + "/25", temperature + "/11", alarm + "/6A", valve + "/D5",
											temperature + "/77"))),
					step("subscribe", Map.of("names", List.of(pump + "/25"))),
					step("write", Map.of("values", Map.of(pump + "/25", true))),
					step("await-event", Map.of("name", pump + "/25", "value", true)),
					step("write", Map.of("values", Map.of(heater + "/25", true))),
					step("read", Map.of("names", List.of(heater + "/25"))),
					step("write", Map.of("values", Map.of(valve + "/D3", 120))),
					step("write", Map.of("values", Map.of(valve + "/B0", 1))),
					step("read", Map.of("names", List.of(valve + "/B0", valve + "/D2", valve + "/D3", valve + "/D4"))));
			assertThat(steps).hasSize(11)
				.allSatisfy((step) -> assertThat(step.has("error")).as(step.toString()).isFalse());
			firstListing = listing(steps.get(1));
			assertThat(firstListing).extracting((accessory) -> accessory.get("aid").asInt())
				.contains(1, pump, valve, heater, temperature, alarm);
			JsonNode read = steps.get(2).get("result");
			assertThat(read.get(pump + "/25").asBoolean()).isFalse();
			assertThat(read.get(temperature + "/11").asDouble()).isBetween(15.0, 25.0);
			assertThat(read.get(alarm + "/6A").asInt()).as("contact open while the alarm is active").isEqualTo(1);
			assertThat(read.get(valve + "/D5").asInt()).as("irrigation").isEqualTo(1);
			assertThat(read.get(temperature + "/77").asInt()).as("no fault").isZero();
			assertThat(steps.get(5).at("/result/value").asBoolean()).isTrue();
			// The interlock refuses the heater: a HAP status, and the true value after it
			JsonNode refused = steps.get(6).at("/result/characteristics/0");
			assertThat(refused.get("status").asInt()).isEqualTo(HapStatus.NOT_ALLOWED_IN_CURRENT_STATE.code());
			assertThat(steps.get(7).get("result").get(heater + "/25").asBoolean()).isFalse();
			JsonNode valveState = steps.get(10).get("result");
			assertThat(valveState.get(valve + "/B0").asInt()).isEqualTo(1);
			assertThat(valveState.get(valve + "/D2").asInt()).isEqualTo(1);
			assertThat(valveState.get(valve + "/D3").asInt()).isEqualTo(120);
			assertThat(valveState.get(valve + "/D4").asInt()).isBetween(100, 120);

			String controllerId = steps.get(0).at("/result/controller").stringValue();
			JsonNode paired = info(http).get("controllers");
			assertThat(paired).hasSize(1);
			assertThat(paired.get(0).get("id").stringValue()).isEqualTo(controllerId);
			// The same command path as REST: audited with the controller as actor
			JsonNode commands = get(http, "/commands?device=pump1");
			assertThat(commands.get(0).get("actor").stringValue()).isEqualTo("hap:" + controllerId);
			assertThat(commands.get(0).get("status").stringValue()).isEqualTo("CONFIRMED");
			JsonNode heaterCommands = get(http, "/commands?device=heater1");
			assertThat(heaterCommands.get(0).get("status").stringValue()).isEqualTo("REJECTED");
			assertThat(get(http, "/health").at("/components/hap/status").stringValue()).isEqualTo("UP");
			String metrics = http.get()
				.uri("/metrics")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(metrics).contains("library_hap_writes_total{application=\"library\",outcome=\"success\"}",
					"library_hap_writes_total{application=\"library\",outcome=\"not_allowed_in_current_state\"}",
					"library_hap_controllers{application=\"library\"} 1.0", "library_hap_events_total");
		}

		try (ConfigurableApplicationContext platform = start()) {
			WebTestClient http = client(platform);
			JsonNode info = info(http);
			assertThat(info.get("deviceId").stringValue()).isEqualTo(deviceId);
			assertThat(info.get("controllers")).hasSize(1);
			List<JsonNode> steps = controller(deviceId, info.get("port").asInt(), pairingFile,
					step("accessories", Map.of()), step("remove-pairing", Map.of()),
					step("accessories", Map.of("mayFail", true)));
			assertThat(steps.get(0).has("error")).as(steps.get(0).toString()).isFalse();
			assertThat(listing(steps.get(0))).as("accessory and characteristic ids after a restart")
				.isEqualTo(withoutValues(firstListing));
			assertThat(steps.get(1).has("error")).as(steps.get(1).toString()).isFalse();
			assertThat(steps.get(2).has("error")).as("pair-verify after the pairing was removed").isTrue();
			assertThat(info(http).get("controllers")).isEmpty();

			JsonNode reset = http.post()
				.uri("/hap/pairings/reset")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			assertThat(reset.get("deviceId").stringValue()).isNotEqualTo(deviceId);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(HapTestApplication.class)
			.properties("server.port=0", "library.state.data-dir=" + dir.resolve("state"),
					"library.secrets.local.key-file=" + dir.resolve("secrets.key"))
			.run();
	}

	private static WebTestClient client(ConfigurableApplicationContext platform) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + platform.getEnvironment().getProperty("local.server.port"))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + HapTestApplication.ADMIN_TOKEN)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static JsonNode info(WebTestClient http) {
		return get(http, "/hap/info");
	}

	private static JsonNode get(WebTestClient http, String path) {
		return http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static void awaitActiveAlarm(WebTestClient http, String id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			for (JsonNode alarm : get(http, "/alarms").get("alarms")) {
				if (alarm.get("id").stringValue().equals(id) && alarm.get("active").asBoolean()) {
					return;
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Alarm " + id + " not active: " + get(http, "/alarms"));
	}

	private static int aid(JsonNode info, String id) {
		for (JsonNode accessory : info.get("accessories")) {
			if (accessory.get("id").stringValue().equals(id)) {
				return accessory.get("aid").asInt();
			}
		}
		throw new AssertionError("No accessory " + id + " in " + info);
	}

	private static Map<String, Object> step(String op, Map<String, Object> arguments) {
		return HapControllerProcess.step(op, arguments);
	}

	@SafeVarargs
	private static List<JsonNode> controller(String deviceId, int port, Path pairingFile, Map<String, Object>... steps)
			throws Exception {
		return HapControllerProcess.run(dir,
				Map.of("deviceId", deviceId, "port", port, "pairingFile", pairingFile.toString()), steps);
	}

	private static List<JsonNode> listing(JsonNode step) {
		return HapControllerProcess.listing(step);
	}

	private static List<JsonNode> withoutValues(List<JsonNode> accessories) {
		return HapControllerProcess.withoutValues(accessories);
	}

}
