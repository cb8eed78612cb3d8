package dev.library.hap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.library.hap.HapControllerProcess.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge as the Home app meets it, against a real HomeKit controller (npm
 * {@code hap-controller} 0.10.2):
 * <ul>
 * <li>found through real multicast DNS: hap-controller's {@code IPDiscovery} (the
 * {@code dnssd} package, not JmDNS) browses {@code _hap._tcp} and sees the TXT record
 * {@code GET /hap/info} reports, {@code sf=1} before pairing and {@code sf=0} after; the
 * controller then pairs at the address and port it discovered;</li>
 * <li>Status Fault following the adapter instance's health: reads of another point of the
 * instance fail, the instance is {@code DEGRADED}, the subscribed controller receives
 * Status Fault 1 for a sensor whose own value is still good, then 0 when it
 * recovers;</li>
 * <li>accessories reloaded with the watched configuration file: one removed, one added,
 * one changed, one unchanged; the controller sees the new listing with the aids and iids
 * of the others unchanged, and the configuration number {@code c#} one higher through
 * mDNS; a bad edit is rejected whole.</li>
 * </ul>
 *
 * @author Library
 */
class HapDiscoveryReloadAndFaultIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	private Path configFile;

	private Path faultFile;

	private ConfigurableApplicationContext platform;

	private WebTestClient http;

	@BeforeAll
	static void installController() throws Exception {
		HapControllerProcess.install(dir);
	}

	@BeforeEach
	void start() throws Exception {
		this.configFile = dir.resolve("watched.yaml");
		this.faultFile = dir.resolve("fault");
		publish(configuration(
				"""
						      - { id: tank-temperature, name: Tank temperature, type: temperature-sensor, device: tank2, point: temperature }
						      - { id: inlet-valve, name: Inlet valve, type: valve, device: valve2, point: open }
						      - { id: old-switch, name: Old switch, type: switch, device: valve2, point: spare }
						"""));
		this.platform = new SpringApplicationBuilder(HapTestApplication.class, FaultInjection.class)
			.properties("server.port=0", "library.state.data-dir=" + dir.resolve("state"),
					"library.secrets.local.key-file=" + dir.resolve("secrets.key"),
					"library.config.watch-path=" + this.configFile, "library.config.watch-interval=100ms")
			.run();
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.platform.getEnvironment().getProperty("local.server.port"))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + HapTestApplication.ADMIN_TOKEN)
			.responseTimeout(TIMEOUT)
			.build();
	}

	@AfterEach
	void stop() {
		if (this.platform != null) {
			this.platform.close();
		}
	}

	@Test
	void controllerDiscoversPairsSeesFaultsAndFollowsAReload() throws Exception {
		JsonNode info = awaitInfo((candidate) -> candidate.at("/mdns/advertised").asBoolean());
		String deviceId = info.get("deviceId").stringValue();
		int port = info.get("port").asInt();
		int configurationNumber = info.get("configurationNumber").asInt();
		JsonNode mdns = info.get("mdns");
		assertThat(mdns.get("state").stringValue()).isEqualTo("ADVERTISING");
		assertThat(mdns.get("serviceType").stringValue()).isEqualTo("_hap._tcp.local.");
		assertThat(mdns.get("networkInterface").stringValue()).isNotBlank();
		assertThat(mdns.get("address").stringValue()).isNotBlank();
		JsonNode txt = mdns.get("txt");
		assertThat(txt.get("c#").stringValue()).isEqualTo(Integer.toString(configurationNumber));
		assertThat(txt.get("id").stringValue()).isEqualTo(deviceId);
		assertThat(txt.get("md").stringValue()).isEqualTo("Test Bridge");
		assertThat(txt.get("s#").stringValue()).isEqualTo("1");
		assertThat(txt.get("sf").stringValue()).as("discoverable before pairing").isEqualTo("1");
		assertThat(txt.get("ci").stringValue()).as("bridge").isEqualTo("2");
		assertThat(txt.get("pv").stringValue()).isEqualTo("1.1");
		JsonNode health = get("/health").at("/components/hap");
		assertThat(health.get("status").stringValue()).isEqualTo("UP");
		assertThat(health.at("/details/mdns").stringValue()).isEqualTo("ADVERTISING");
		assertThat(health.at("/details/mdnsAddress").stringValue()).isEqualTo(mdns.get("address").stringValue());
		int temperature = aid(info, "tank-temperature");
		int valve = aid(info, "inlet-valve");
		int oldSwitch = aid(info, "old-switch");

		Path pairingFile = dir.resolve("controller-pairing.json");
		Map<String, Object> viaMdns = Map.of("deviceId", deviceId, "address", "discovered", "pairingFile",
				pairingFile.toString());
		List<JsonNode> steps = HapControllerProcess.run(dir, viaMdns,
				step("discover", Map.of("expect", Map.of("sf", 1))), step("pair", Map.of("code", "031-45-154")),
				step("accessories", Map.of()), step("discover", Map.of("expect", Map.of("sf", 0))),
				step("read", Map.of("names", List.of(temperature + "/11", temperature + "/77", valve + "/77"))),
				step("subscribe", Map.of("names", List.of(temperature + "/77"))),
				step("touch", Map.of("path", this.faultFile.toString())),
				step("await-event", Map.of("name", temperature + "/77", "value", 1, "timeoutMs", 20000)),
				step("read", Map.of("names", List.of(temperature + "/11", temperature + "/77", valve + "/77"))),
				step("delete", Map.of("path", this.faultFile.toString())),
				step("await-event", Map.of("name", temperature + "/77", "value", 0, "timeoutMs", 20000)));
		assertThat(steps).allSatisfy((step) -> assertThat(step.has("error")).as(step.toString()).isFalse());
		// Found through multicast DNS, with what /hap/info says
		JsonNode found = steps.get(0).get("result");
		assertThat(found.get("port").asInt()).isEqualTo(port);
		assertThat(found.get("address").stringValue()).isEqualTo(mdns.get("address").stringValue());
		assertThat(found.get("c#").asInt()).isEqualTo(configurationNumber);
		assertThat(found.get("md").stringValue()).isEqualTo("Test Bridge");
		assertThat(found.get("ci").asInt()).isEqualTo(2);
		assertThat(found.get("s#").asInt()).isEqualTo(1);
		assertThat(found.get("pv").stringValue()).isEqualTo("1.1");
		assertThat(found.get("availableToPair").asBoolean()).isTrue();
		assertThat(steps.get(3).at("/result/sf").asInt()).as("not discoverable once paired").isZero();
		assertThat(steps.get(3).at("/result/availableToPair").asBoolean()).isFalse();
		assertThat(info().at("/mdns/txt/sf").stringValue()).isEqualTo("0");
		List<JsonNode> before = HapControllerProcess.listing(steps.get(2));
		// Healthy: no fault
		JsonNode healthy = steps.get(4).get("result");
		assertThat(healthy.get(temperature + "/11").asDouble()).isEqualTo(21.5);
		assertThat(healthy.get(temperature + "/77").asInt()).isZero();
		assertThat(healthy.get(valve + "/77").asInt()).isZero();
		// Another point of the instance fails: the instance is degraded, every accessory
		// on it shows a fault though the temperature itself still reads well
		JsonNode degraded = steps.get(8).get("result");
		assertThat(degraded.get(temperature + "/11").asDouble()).isEqualTo(21.5);
		assertThat(degraded.get(temperature + "/77").asInt()).isOne();
		assertThat(degraded.get(valve + "/77").asInt()).isOne();
		assertThat(get("/adapters/rig").get("lastError").stringValue()).contains("injected read failure");

		// Reload: old-switch removed, spare-outlet added, inlet-valve changed, the
		// temperature unchanged
		publish(configuration(
				"""
						      - { id: tank-temperature, name: Tank temperature, type: temperature-sensor, device: tank2, point: temperature }
						      - { id: inlet-valve, name: Inlet valve, type: valve, valve-type: irrigation, device: valve2, point: open }
						      - { id: spare-outlet, name: Spare outlet, type: outlet, device: valve2, point: spare }
						"""));
		JsonNode reloaded = awaitInfo((candidate) -> candidate.toString().contains("spare-outlet"));
		assertThat(reloaded.get("configurationNumber").asInt()).isEqualTo(configurationNumber + 1);
		assertThat(reloaded.get("accessories").findValuesAsString("id")).containsExactly("tank-temperature",
				"inlet-valve", "spare-outlet");
		assertThat(aid(reloaded, "tank-temperature")).isEqualTo(temperature);
		assertThat(aid(reloaded, "inlet-valve")).isEqualTo(valve);
		int outlet = aid(reloaded, "spare-outlet");
		JsonNode reload = latestReload();
		assertThat(reload.get("outcome").stringValue()).as(reload.toString()).isEqualTo("applied");
		assertThat(get("/adapters/rig").get("reconnects").asInt()).as("adapters untouched by the reload").isZero();

		steps = HapControllerProcess.run(dir, viaMdns,
				step("discover", Map.of("expect", Map.of("c#", configurationNumber + 1))),
				step("accessories", Map.of()), step("read", Map.of("names", List.of(outlet + "/25", valve + "/D5"))));
		assertThat(steps).allSatisfy((step) -> assertThat(step.has("error")).as(step.toString()).isFalse());
		List<JsonNode> after = HapControllerProcess.listing(steps.get(1));
		assertThat(after).extracting((accessory) -> accessory.get("aid").asInt())
			.containsExactlyInAnyOrder(1, temperature, valve, outlet)
			.doesNotContain(oldSwitch);
		assertThat(accessory(after, temperature)).as("unchanged accessory, same iids")
			.isEqualTo(accessory(before, temperature));
		assertThat(accessory(after, valve)).as("changed accessory, same aid and iids")
			.isEqualTo(accessory(before, valve));
		assertThat(steps.get(2).get("result").get(outlet + "/25").asBoolean()).isFalse();
		assertThat(steps.get(2).get("result").get(valve + "/D5").asInt()).as("irrigation").isOne();

		// A bad edit is rejected whole: the accessories stay
		publish(configuration(
				"""
						      - { id: tank-temperature, name: Tank temperature, type: temperature-sensor, device: tank2, point: temperature }
						      - { id: ghost, type: switch, device: valve2, point: missing }
						"""));
		JsonNode rejected = awaitReload("rejected");
		assertThat(rejected.toString()).contains("library.hap.accessories[1].point");
		assertThat(info().get("accessories").findValuesAsString("id")).containsExactly("tank-temperature",
				"inlet-valve", "spare-outlet");
	}

	// Written whole, as the kubelet swaps a ConfigMap: never seen half-written
	private void publish(String content) throws java.io.IOException {
		Path temporary = dir.resolve("watched.yaml.tmp");
		Files.writeString(temporary, content);
		Files.move(temporary, this.configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String configuration(String accessories) {
		return """
				library:
				  hap:
				    mdns: true
				    accessories:
				%s
				  adapters:
				    interlocks: []
				    instances:
				      - id: rig
				        type: fault-injecting
				        settings:
				          fault-file: %s
				        devices:
				          - id: tank2
				            points:
				              - { name: temperature, address: temperature, poll-interval: 200ms }
				              - { name: pressure, address: flaky.pressure, poll-interval: 200ms }
				          - id: valve2
				            points:
				              - { name: open, address: valve, data-type: BOOLEAN, access: READ_WRITE }
				              - { name: spare, address: spare, data-type: BOOLEAN, access: READ_WRITE }
				""".formatted(accessories.stripTrailing(), dir.resolve("fault"));
	}

	private JsonNode info() {
		return get("/hap/info");
	}

	private JsonNode awaitInfo(Predicate<JsonNode> condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		JsonNode info = info();
		while (!condition.test(info)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("/hap/info never became as expected: " + info);
			}
			Thread.sleep(100);
			info = info();
		}
		return info;
	}

	private JsonNode latestReload() {
		return get("/config/reloads?limit=1").get("reloads").get(0);
	}

	private JsonNode awaitReload(String outcome) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode reloads = get("/config/reloads?limit=1").get("reloads");
			if (!reloads.isEmpty() && reloads.get(0).get("outcome").stringValue().equals(outcome)) {
				return reloads.get(0);
			}
			Thread.sleep(100);
		}
		throw new AssertionError("No reload " + outcome + ": " + get("/config/reloads?limit=3"));
	}

	private JsonNode get(String path) {
		return this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static int aid(JsonNode info, String id) {
		for (JsonNode accessory : info.get("accessories")) {
			if (accessory.get("id").stringValue().equals(id)) {
				return accessory.get("aid").asInt();
			}
		}
		throw new AssertionError("No accessory " + id + " in " + info);
	}

	private static JsonNode accessory(List<JsonNode> listing, int aid) {
		return listing.stream()
			.filter((accessory) -> accessory.get("aid").asInt() == aid)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No accessory " + aid + " in " + listing));
	}

	@Configuration(proxyBeanMethods = false)
	static class FaultInjection {

		@Bean
		FaultInjectingAdapterProvider faultInjectingAdapterProvider() {
			return new FaultInjectingAdapterProvider();
		}

	}

}
