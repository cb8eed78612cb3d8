package dev.library.observability.alarm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alarms behind a real server on a random port: state changes raise alarms, operator
 * actions over HTTP, bad requests as problem JSON, the stream and the history.
 *
 * @author Library
 */
@SpringBootTest(classes = AlarmTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AlarmServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	static Path dataDir;

	@LocalServerPort
	private int port;

	@Autowired
	private StateStore store;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("library.state.data-dir", () -> dataDir.toString());
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AlarmTestApplication.ADMIN_TOKEN)
			.responseTimeout(TIMEOUT)
			.build();
	}

	private void write(String key, JsonNode value) {
		this.store.put(key, value, "test", Quality.GOOD).block(TIMEOUT);
	}

	private void awaitState(String id, AlarmState state) {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> this.client()
				.get()
				.uri("/alarms/{id}", id)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.state")
				.isEqualTo(state.name()));
	}

	@Test
	void aStateChangeShouldRaiseAnAlarmThatAnOperatorAcknowledges() {
		String id = "tank-hot.plant.tank1.temperature";
		write("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(91.5));
		awaitState(id, AlarmState.UNACK);
		client().get()
			.uri("/alarms?severity=critical&area=north")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.alarms[?(@.id == '" + id + "')].message")
			.isEqualTo("plant.tank1.temperature is 91.5 °C, above 80");
		client().post()
			.uri("/alarms/{id}/acknowledge", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"reason\":\"crew on the way\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("ACKED")
			.jsonPath("$.acknowledgedBy")
			.value((who) -> assertThat((String) who).isNotBlank().isNotEqualTo("anonymous"));
		write("plant.tank1.temperature", JsonNodeFactory.instance.numberNode(70));
		awaitState(id, AlarmState.NORMAL);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> client().get()
				.uri("/alarms/history")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.transitions[?(@.alarmId == '" + id + "')].to")
				.isEqualTo(List.of("UNACK", "ACKED", "NORMAL"))
				.jsonPath("$.transitions[?(@.alarmId == '" + id + "' && @.to == 'ACKED')].why")
				.isEqualTo(List.of("crew on the way")));
	}

	@Test
	void shelveAndServiceActionsShouldChangeTheState() {
		String id = "pump-tripped.plant.pump1.state";
		write("plant.pump1.state", JsonNodeFactory.instance.stringNode("TRIPPED"));
		awaitState(id, AlarmState.UNACK);
		client().post()
			.uri("/alarms/{id}/shelve", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"duration\":\"15m\",\"reason\":\"known fault\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("SHELVED")
			.jsonPath("$.shelvedUntil")
			.exists();
		client().get()
			.uri("/alarms?state=shelved")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.alarms[0].id")
			.isEqualTo(id);
		client().post().uri("/alarms/{id}/unshelve", id).exchange().expectStatus().isOk();
		client().post()
			.uri("/alarms/{id}/out-of-service", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("OUT_OF_SERVICE");
		client().post()
			.uri("/alarms/{id}/in-service", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("UNACK");
	}

	@Test
	void badRequestsShouldGetProblems() {
		String normal = "tank-hot.plant.tank9.temperature";
		write("plant.tank9.temperature", JsonNodeFactory.instance.numberNode(20));
		awaitState(normal, AlarmState.NORMAL);
		expectProblem(client().get().uri("/alarms/nope.plant.x").exchange(), 404, "alarm-not-found");
		expectProblem(client().post().uri("/alarms/nope.plant.x/acknowledge").exchange(), 404, "alarm-not-found");
		expectProblem(client().post().uri("/alarms/{id}/acknowledge", normal).exchange(), 409, "alarm-state-conflict");
		expectProblem(client().post().uri("/alarms/{id}/unshelve", normal).exchange(), 409, "alarm-state-conflict");
		expectProblem(client().post()
			.uri("/alarms/{id}/shelve", normal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"reason\":\"no duration\"}")
			.exchange(), 400, "invalid-shelve-duration");
		expectProblem(client().post().uri("/alarms/{id}/shelve", normal).exchange(), 400, "invalid-shelve-duration");
		expectProblem(client().post()
			.uri("/alarms/{id}/shelve", normal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"duration\":\"-PT5M\"}")
			.exchange(), 400, "invalid-shelve-duration");
		expectProblem(client().post()
			.uri("/alarms/{id}/shelve", normal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"duration\":\"PT2H\"}")
			.exchange(), 400, "invalid-shelve-duration");
		expectProblem(client().post()
			.uri("/alarms/{id}/shelve", normal)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"duration\":\"soon\"}")
			.exchange(), 400, "invalid-shelve-duration");
		expectProblem(client().get().uri("/alarms?severity=loud").exchange(), 400, "invalid-parameter");
		expectProblem(client().get().uri("/alarms/history?since=yesterday").exchange(), 400, "invalid-parameter");
	}

	private static void expectProblem(WebTestClient.ResponseSpec response, int status, String type) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/" + type)
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).doesNotContain("Exception"));
	}

	@Test
	void theStreamShouldCarryTransitions() {
		String id = "tank-hot.plant.tank5.temperature";
		WebClient client = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AlarmTestApplication.ADMIN_TOKEN)
			.build();
		AtomicBoolean written = new AtomicBoolean();
		ServerSentEvent<JsonNode> event = client.get()
			.uri("/alarms/watch")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.doOnNext((candidate) -> {
				// The first comment says the stream is live: only then change the state.
				if (candidate.comment() != null && written.compareAndSet(false, true)) {
					this.store
						.put("plant.tank5.temperature", JsonNodeFactory.instance.numberNode(99), "test", Quality.GOOD)
						.subscribe();
				}
			})
			.filter((candidate) -> "transition".equals(candidate.event()) && candidate.data() != null
					&& id.equals(candidate.data().path("alarm").path("id").asString()))
			.blockFirst(TIMEOUT);
		assertThat(event).isNotNull();
		assertThat(event.data().path("transition").path("to").asString()).isEqualTo("UNACK");
	}

}
