package dev.library.i2c;

import java.time.Duration;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The i2c and gpio types behind a real server on a random port, through the platform's
 * unchanged adapter supervision and command path (validation, interlocks, serialized
 * write, read-back confirmation, audit), with EMULATED I2C chips and Pi4J's MOCK GPIO:
 * outputs safe at start-up and on lost contact, readings {@code BAD} while a chip is gone
 * or its CRC is bad, a command whose read-back differs fails.
 *
 * @author Library
 */
@SpringBootTest(classes = I2cTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("plant")
@DirtiesContext
class I2cServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private WebTestClient client;

	@Autowired
	private StateStore store;

	@Autowired
	private I2cTestApplication.EmulatedPlant plant;

	@Autowired
	private Context pi4j;

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate()
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + I2cTestApplication.ADMIN_TOKEN)
			.build();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(quality("bus1.relays.relay1")).isEqualTo(Quality.GOOD));
	}

	@Test
	void adaptersListTheTypesAndTheOutputsStartSafe() {
		JsonNode adapters = getJson("/adapters", HttpStatus.OK);
		assertThat(adapters.get("types").findValuesAsString("type")).contains("i2c", "gpio");
		// active-low relays off: OLATA all high, latched before IODIRA made them outputs
		assertThat(this.plant.relays.register(0x14) & 0x07).isEqualTo(0x07);
		assertThat(this.plant.relays.register(0x00) & 0x07).isZero();
		assertThat(value("bus1.relays.relay1").booleanValue()).isFalse();
	}

	@Test
	void busesListTheChipsThatAnswered() {
		JsonNode buses = getJson("/i2c/buses", HttpStatus.OK).get("buses");
		assertThat(buses).hasSize(1);
		assertThat(buses.get(0).get("instance").stringValue()).isEqualTo("bus1");
		assertThat(buses.get(0).get("bus").intValue()).isEqualTo(1);
		assertThat(buses.get(0).get("chips").findValuesAsString("address")).containsExactlyInAnyOrder("0x20", "0x21",
				"0x44", "0x48");
		assertThat(buses.get(0).get("chips").findValues("open")).allMatch(JsonNode::booleanValue);
	}

	@Test
	void aScanFindsTheConfiguredChipsAndAnUnconfiguredBoard() {
		JsonNode scan = post("/i2c/buses/1/scan", "", HttpStatus.OK);
		assertThat(scan.get("found").findValuesAsString("address")).containsExactly("0x20", "0x21", "0x27", "0x44",
				"0x48");
		JsonNode spare = scan.get("found").get(2);
		assertThat(spare.get("probed").booleanValue()).isTrue();
		assertThat(spare.get("instance").isNull()).isTrue();
		assertThat(scan.get("missing")).isEmpty();
	}

	@Test
	void aScanOfABusThatIsNoNumberIsABadRequest() {
		JsonNode problem = post("/i2c/buses/one/scan", "", HttpStatus.BAD_REQUEST);
		assertThat(problem.get("parameter").stringValue()).isEqualTo("bus");
		assertThat(problem.get("detail").stringValue()).contains("0 to 255");
	}

	@Test
	void aCommandIsWrittenToTheChipAndConfirmedByReadBack() {
		JsonNode command = post("/devices/relays/points/relay2", "{\"value\": true}", HttpStatus.OK);
		assertThat(command.get("status").stringValue()).isEqualTo("CONFIRMED");
		// relay 2 is GPA1, active-low: bit 1 of OLATA low
		assertThat(this.plant.relays.register(0x14) & 0x02).isZero();
		post("/devices/relays/points/relay2", "{\"value\": false}", HttpStatus.OK);
		assertThat(this.plant.relays.register(0x14) & 0x02).isEqualTo(0x02);
	}

	@Test
	void aCommandWhoseReadBackDiffersFails() {
		// a welded contact feeding back: GPA2 stays high (relay "off") whatever is
		// written
		this.plant.relays.force(0, 2, true);
		try {
			JsonNode failed = post("/devices/relays/points/relay3", "{\"value\": true}", HttpStatus.BAD_GATEWAY);
			assertThat(failed.get("type").stringValue()).endsWith("/command-failed");
			assertThat(failed.get("commandStatus").stringValue()).isEqualTo("FAILED");
			assertThat(failed.get("detail").stringValue()).contains("Read back false after writing true");
		}
		finally {
			this.plant.relays.release(0, 2);
			post("/devices/relays/points/relay3", "{\"value\": false}", HttpStatus.OK);
		}
	}

	@Test
	void aGpioPumpIsCommandedThroughPi4j() {
		post("/devices/drain/points/pump", "{\"value\": true}", HttpStatus.OK);
		DigitalOutput pin = this.pi4j.registry().get("library-gpio-pins-17");
		assertThat(pin.isHigh()).isTrue();
		post("/devices/drain/points/pump", "{\"value\": false}", HttpStatus.OK);
		assertThat(pin.isLow()).isTrue();
	}

	@Test
	void losingARelayBoardMidRunDrivesTheOutputsSafeAndMarksTheReadingsBad() {
		post("/devices/relays/points/relay1", "{\"value\": true}", HttpStatus.OK);
		post("/devices/station/points/pump", "{\"value\": true}", HttpStatus.OK);
		assertThat(this.plant.station.latch() & 0x02).isEqualTo(0x02);
		this.plant.i2c.unplug(1, 0x20, true);
		try {
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(quality("bus1.station.pump")).isEqualTo(Quality.BAD));
			// the pump board still answers: its outputs were driven safe at once
			assertThat(this.plant.station.latch() & 0x02).isZero();
			assertThat(quality("bus1.relays.relay1")).isEqualTo(Quality.BAD);
		}
		finally {
			this.plant.i2c.unplug(1, 0x20, false);
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(quality("bus1.relays.relay1")).isEqualTo(Quality.GOOD);
			assertThat(value("bus1.relays.relay1").booleanValue()).isFalse();
		});
		// back after longer than the watchdog timeout: relay 1 driven safe (GPA0 high)
		assertThat(this.plant.relays.register(0x14) & 0x01).isEqualTo(0x01);
	}

	@Test
	void aBadCrcMarksTheTemperatureBadWithoutChangingItsValue() {
		this.plant.climate.climate(23.0, 40.0);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(value("bus1.climate.temperature").doubleValue()).isBetween(22.9, 23.1));
		this.plant.climate.corruptCrc(true);
		try {
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(quality("bus1.climate.temperature")).isEqualTo(Quality.BAD));
			assertThat(value("bus1.climate.temperature").doubleValue()).isBetween(22.9, 23.1);
			// a sensor's bad frame is no lost contact: the outputs stay as they are
			assertThat(quality("bus1.relays.relay1")).isEqualTo(Quality.GOOD);
		}
		finally {
			this.plant.climate.corruptCrc(false);
		}
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(quality("bus1.climate.temperature")).isEqualTo(Quality.GOOD));
	}

	@Test
	void thePressureIsScaledToBar() {
		this.plant.adc.input(0, 2.5);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(value("bus1.station.pressure").doubleValue()).isBetween(4.99, 5.01));
	}

	private Quality quality(String key) {
		StateValue value = this.store.get(key).block();
		return (value != null) ? value.quality() : null;
	}

	private JsonNode value(String key) {
		return this.store.get(key).block().value();
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
			.exchange()
			.expectStatus()
			.isEqualTo(status);
		if (status.isError()) {
			response.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return mapper.readTree(response.expectBody().returnResult().getResponseBody());
	}

}
