package dev.library.canbus;

import java.nio.file.Path;
import java.time.Duration;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canbus component in a real server on a random port: the Tesla capture
 * ({@code logs/candump.log}) replayed as fast as possible with {@code tesla_can.dbc} and
 * {@code tesla_powertrain.dbc}, decoded signals in the state store, the {@code /canbus/*}
 * routes, and a signal written through the command path.
 *
 * @author Library
 */
@SpringBootTest(classes = CanbusTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class CanbusServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void tesla(DynamicPropertyRegistry registry) {
		String prefix = "library.adapters.instances[0].";
		registry.add("library.state.data-dir", () -> data.toString());
		registry.add("library.canbus.max-dbc-size", () -> "600KB");
		registry.add(prefix + "id", () -> "tesla");
		registry.add(prefix + "type", () -> "candump");
		registry.add(prefix + "settings.file", () -> CanCorpus.file("logs/candump.log").toString());
		registry.add(prefix + "settings.speed", () -> "0");
		registry.add(prefix + "settings.interface", () -> "vcan0");
		registry.add(prefix + "settings.dbc",
				() -> CanCorpus.file("dbc/tesla_can.dbc") + "," + CanCorpus.file("dbc/tesla_powertrain.dbc"));
		registry.add(prefix + "settings.cycle-times", () -> "UI_driverAssistControl=500ms");
		// An alarm on the liveness key of every message of the bus.
		registry.add("library.alarms.definitions[0].name", () -> "can-missing");
		registry.add("library.alarms.definitions[0].key", () -> "can.vcan0.*.liveness");
		registry.add("library.alarms.definitions[0].type", () -> "equals");
		registry.add("library.alarms.definitions[0].value", () -> "MISSING");
		registry.add(prefix + "devices[0].id", () -> "drive");
		registry.add(prefix + "devices[0].points[0].name", () -> "gear");
		registry.add(prefix + "devices[0].points[0].address", () -> "0x116.DI_gear");
		registry.add(prefix + "devices[0].points[0].data-type", () -> "STRING");
		registry.add(prefix + "devices[0].points[1].name", () -> "regen-light");
		registry.add(prefix + "devices[0].points[1].address", () -> "DI_state.DI_regenLight");
		registry.add(prefix + "devices[0].points[1].data-type", () -> "BOOLEAN");
		registry.add(prefix + "devices[0].points[1].access", () -> "READ_WRITE");
	}

	@Autowired
	private StateStore store;

	private WebTestClient client;

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + CanbusTestApplication.ADMIN_TOKEN)
			.build();
	}

	@Test
	void replayedSignalsReachTheStateStoreAndTheRoutes() {
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode interfaces = getJson("/canbus/interfaces");
			assertThat(interfaces.get(0).get("frames").longValue()).isGreaterThanOrEqualTo(12_974);
		});
		await().atMost(TIMEOUT).untilAsserted(() -> {
			StateValue gear = this.store.get("can.vcan0.DI_torque2.DI_gear").block();
			assertThat(gear.value().stringValue()).isEqualTo("DI_GEAR_D");
			assertThat(gear.quality()).isEqualTo(Quality.GOOD);
			assertThat(this.store.get("tesla.drive.gear").block().value().stringValue()).isEqualTo("DI_GEAR_D");
		});
		JsonNode interfaces = getJson("/canbus/interfaces");
		assertThat(interfaces.get(0).get("adapter").stringValue()).isEqualTo("tesla");
		assertThat(interfaces.get(0).get("decodeErrors").longValue()).isEqualTo(394 + 85 + 8);
		JsonNode messages = getJson("/canbus/messages?adapter=tesla").get(0).get("messages");
		assertThat(messages.size()).isEqualTo(180);
		JsonNode databases = getJson("/canbus/dbc");
		assertThat(databases.findValuesAsString("name")).contains("tesla_can", "tesla_powertrain");
		this.client.get()
			.uri("/canbus/messages?adapter=nope")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// Liveness: UI_driverAssistControl stops 2 s before the end of the log: its
		// signals go BAD, its liveness key MISSING, and the alarm on that key fires.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					this.store.get("can.vcan0.UI_driverAssistControl.UI_autopilotControlRequest").block().quality())
				.isEqualTo(Quality.BAD));
		assertThat(this.store.get("can.vcan0.UI_driverAssistControl.liveness").block().value().stringValue())
			.isEqualTo("MISSING");
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode alarm = getJson("/alarms/can-missing.can.vcan0.UI_driverAssistControl.liveness");
			assertThat(alarm.get("state").stringValue()).isEqualTo("UNACK");
			assertThat(alarm.get("active").booleanValue()).isTrue();
		});
		// Messages that kept coming have no alarm raised.
		assertThat(getJson("/alarms").findValuesAsString("key"))
			.containsExactly("can.vcan0.UI_driverAssistControl.liveness");
	}

	@Test
	void signalWrittenThroughTheCommandPathIsConfirmed() {
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(getJson("/canbus/interfaces").size()).isEqualTo(1));
		JsonNode command = mapper.readTree(this.client.post()
			.uri("/devices/drive/points/regen-light")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": true}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(command.get("status").stringValue()).isEqualTo("CONFIRMED");
		assertThat(command.get("readBack").booleanValue()).isTrue();
		assertThat(getJson("/canbus/interfaces").get(0).get("framesSent").longValue()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void uploadedDbcIsValidatedSizeLimitedAndLoaded() throws Exception {
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(getJson("/canbus/interfaces").size()).isEqualTo(1));
		// The corpus file cantools refuses too: the problem names file, line and column.
		JsonNode invalid = upload("tesla", "toyota.dbc",
				java.nio.file.Files.readAllBytes(CanCorpus.file("dbc/toyota_radar_dsu_tssp.dbc")),
				HttpStatus.BAD_REQUEST);
		assertThat(invalid.get("detail").stringValue())
			.isEqualTo("toyota.dbc:139:1: expected ';' to end the comment (CM_) but found 'BO_'");
		assertThat(invalid.get("line").intValue()).isEqualTo(139);
		assertThat(invalid.get("column").intValue()).isEqualTo(1);
		// ford_lincoln_base_pt.dbc has 807,422 bytes, above the 600KB of this test.
		JsonNode tooLarge = upload("tesla", "ford.dbc",
				java.nio.file.Files.readAllBytes(CanCorpus.file("dbc/ford_lincoln_base_pt.dbc")),
				HttpStatus.CONTENT_TOO_LARGE);
		assertThat(tooLarge.get("detail").stringValue())
			.isEqualTo("DBC file exceeds the limit of 614400 bytes (library.canbus.max-dbc-size)");
		// Replacing tesla_powertrain.dbc by a file without 0x116 would leave the point
		// 'gear' (0x116.DI_gear) without its signal.
		byte[] extra = "BO_ 2046 Extra: 1 ECU\n SG_ Flag : 0|1@1+ (1,0) [0|1] \"\" ECU\n".getBytes();
		JsonNode conflict = upload("tesla", "tesla_powertrain.dbc", extra, HttpStatus.CONFLICT);
		assertThat(conflict.get("detail").stringValue()).contains("'0x116.DI_gear' names no signal");
		upload("nope", "extra.dbc", extra, HttpStatus.NOT_FOUND);
		JsonNode loaded = upload("tesla", "extra.dbc", extra, HttpStatus.OK);
		assertThat(loaded.get("name").stringValue()).isEqualTo("extra");
		assertThat(loaded.get("messages").get(0).get("id").longValue()).isEqualTo(0x7FE);
		assertThat(getJson("/canbus/dbc?adapter=tesla").findValuesAsString("name")).contains("tesla_can",
				"tesla_powertrain", "extra");
	}

	private JsonNode upload(String adapter, String name, byte[] dbc, HttpStatus status) {
		WebTestClient.ResponseSpec response = this.client.post()
			.uri("/canbus/dbc?adapter={adapter}&name={name}", adapter, name)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(dbc)
			.exchange()
			.expectStatus()
			.isEqualTo(status);
		if (status != HttpStatus.OK) {
			response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return mapper.readTree(response.expectBody(String.class).returnResult().getResponseBody());
	}

	@Test
	void routesNeedAPrincipal(@Autowired WebTestClient anonymous) {
		anonymous.get().uri("/canbus/interfaces").exchange().expectStatus().isUnauthorized();
	}

	private JsonNode getJson(String uri) {
		String body = this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.OK)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return mapper.readTree(body);
	}

}
