package dev.library.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watch streams as sessions over real HTTP: listed by {@code GET /sessions}, ended by
 * {@code DELETE /sessions/{id}}, described in the OpenAPI document.
 *
 * @author Library
 */
@SpringBootTest(classes = StateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "library.state.persistence=memory")
class StateWatchSessionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path dataDir;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("library.state.data-dir", () -> dataDir.toString());
	}

	@Test
	void aWatcherShouldBeListedAsASessionAndEndWhenItIsForcedClosed() {
		List<ServerSentEvent<JsonNode>> events = new CopyOnWriteArrayList<>();
		AtomicBoolean completed = new AtomicBoolean();
		client().get()
			.uri("/state/watch?prefix=plant")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.doOnComplete(() -> completed.set(true))
			.subscribe(events::add);
		await().atMost(TIMEOUT).until(() -> sessions().size() == 1);
		JsonNode session = sessions().get(0);
		assertThat(session.get("owner").asString()).startsWith("client:");
		assertThat(session.get("attributes").get("prefix").asString()).isEqualTo("plant");
		HttpStatus status = (HttpStatus) client().delete()
			.uri("/sessions/{id}", session.get("id").asString())
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT)
			.getStatusCode();
		assertThat(status).isEqualTo(HttpStatus.NO_CONTENT);
		await().atMost(TIMEOUT).untilTrue(completed);
		assertThat(events).extracting(ServerSentEvent::event).contains("closed");
		assertThat(sessions()).isEmpty();
		client().delete().uri("/sessions/{id}", session.get("id").asString()).exchangeToMono((response) -> {
			assertThat(response.statusCode().value()).isEqualTo(404);
			assertThat(response.headers().contentType()).contains(MediaType.APPLICATION_PROBLEM_JSON);
			return response.releaseBody();
		}).block(TIMEOUT);
	}

	@Test
	void openApiShouldDescribeTheSessionRoutes() {
		JsonNode api = client().get().uri("/v3/api-docs").retrieve().bodyToMono(JsonNode.class).block(TIMEOUT);
		JsonNode paths = api.get("paths");
		assertThat(paths.get("/sessions").get("get")).isNotNull();
		assertThat(paths.get("/sessions/{id}").get("get").get("responses").get("404")).isNotNull();
		assertThat(paths.get("/sessions/{id}").get("delete").get("responses").get("204")).isNotNull();
	}

	private List<JsonNode> sessions() {
		JsonNode list = client().get()
			.uri("/sessions?kind=" + StateHandler.WATCHER_SESSION_KIND)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.block(TIMEOUT);
		return list.get("sessions").valueStream().toList();
	}

	private WebClient client() {
		return WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + StateTestApplication.ADMIN_TOKEN)
			.build();
	}

}
