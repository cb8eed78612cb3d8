package dev.library.observability.alarm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.config.SecretRedactor;
import dev.library.observability.alarm.notification.WebhookSignature;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alarm notifications configured in properties, in a running platform: a state change
 * posts a signed webhook to a real local receiver, an acknowledgement through the
 * {@code /ack} route posts another, and the signing key is never shown.
 *
 * @author Library
 */
@SpringBootTest(classes = AlarmTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"library.alarms.notifications.channels[0].name=ops", "library.alarms.notifications.channels[0].type=webhook",
		"library.alarms.notifications.channels[0].signing-key=" + AlarmNotificationServerIntegrationTests.KEY,
		"library.alarms.notifications.channels[0].events=raised,acknowledged",
		"library.alarms.notifications.channels[0].severities=critical",
		"library.alarms.notifications.channels[1].name=journal", "library.alarms.notifications.channels[1].type=log" })
class AlarmNotificationServerIntegrationTests {

	static final String KEY = "observability-tests-webhook-signing-key";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final List<byte[]> bodies = new CopyOnWriteArrayList<>();

	private static final List<String> signatures = new CopyOnWriteArrayList<>();

	private static final DisposableServer receiver = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.post("/hook",
				(request, response) -> request.receive().aggregate().asByteArray().flatMap((body) -> {
					bodies.add(body);
					signatures.add(request.requestHeaders().get(WebhookSignature.HEADER));
					return response.status(204).send().then();
				})))
		.bindNow();

	@TempDir
	static Path dataDir;

	@LocalServerPort
	private int port;

	@Autowired
	private StateStore store;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("library.state.data-dir", () -> dataDir.toString());
		// a list binds from one property source: every element comes from here
		String channel = "library.alarms.notifications.channels";
		registry.add(channel + "[0].name", () -> "ops");
		registry.add(channel + "[0].type", () -> "webhook");
		registry.add(channel + "[0].url", () -> "http://127.0.0.1:" + receiver.port() + "/hook");
		registry.add(channel + "[0].signing-key", () -> KEY);
		registry.add(channel + "[0].events", () -> "raised,acknowledged");
		registry.add(channel + "[0].severities", () -> "critical");
		registry.add(channel + "[1].name", () -> "journal");
		registry.add(channel + "[1].type", () -> "log");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.disposeNow();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AlarmTestApplication.ADMIN_TOKEN)
			.responseTimeout(TIMEOUT)
			.build();
	}

	@Test
	void aRaisedAndAcknowledgedAlarmIsPostedToTheWebhookSigned() {
		String id = "tank-hot.plant.tank7.temperature";
		this.store.put("plant.tank7.temperature", JsonNodeFactory.instance.numberNode(99), "test", Quality.GOOD)
			.block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(id)).containsExactly("RAISED"));
		client().post().uri("/alarms/{id}/ack", id).exchange().expectStatus().isOk();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(id)).containsExactly("RAISED", "ACKNOWLEDGED"));
		WebhookSignature signature = new WebhookSignature(KEY.getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < bodies.size(); i++) {
			assertThat(signature.verify(signatures.get(i), bodies.get(i))).isTrue();
		}
		// the pump alarm is major: the webhook takes only critical ones
		this.store.put("plant.pump1.state", JsonNodeFactory.instance.textNode("TRIPPED"), "test", Quality.GOOD)
			.block(TIMEOUT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> client().get()
				.uri("/alarms/{id}", "pump-tripped.plant.pump1.state")
				.exchange()
				.expectBody()
				.jsonPath("$.state")
				.isEqualTo("UNACK"));
		assertThat(events("pump-tripped.plant.pump1.state")).isEmpty();
	}

	@Test
	void theNotificationsRouteListsTheChannelsAndNeverTheSigningKey() {
		String body = client().get()
			.uri("/alarms/notifications")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"channels\":[\"ops\",\"journal\"]").doesNotContain(KEY);
		// what the configuration report (GET /config) and logs hide
		assertThat(SecretRedactor.redact("library.alarms.notifications.channels[0].signing-key", KEY))
			.isEqualTo(SecretRedactor.REDACTED);
	}

	private static List<String> events(String alarmId) {
		JsonMapper mapper = JsonMapper.builder().build();
		return bodies.stream()
			.map(mapper::readTree)
			.filter((json) -> json.get("alarm").get("id").asString().equals(alarmId))
			.map((JsonNode json) -> json.get("event").asString())
			.toList();
	}

}
