package dev.library.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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
 * The state store behind a real server on a random port, with its embedded database in a
 * temporary directory: SSE resume, slow SSE clients, limits and the OpenAPI description
 * over real HTTP.
 *
 * @author Library
 */
@SpringBootTest(classes = StateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "library.state.watch-buffer-size=64", "library.state.fsync=false" })
class StateServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> SSE = new ParameterizedTypeReference<>() {
	};

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

	private WebClient client() {
		return WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + StateTestApplication.ADMIN_TOKEN)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	@Test
	void sseResumedWithLastEventIdShouldDeliverEveryMissedChangeExactlyOnce() {
		List<Long> written = new ArrayList<>();
		List<ServerSentEvent<JsonNode>> first = new CopyOnWriteArrayList<>();
		AtomicBoolean firstReady = new AtomicBoolean();
		Disposable firstSession = watch("resume", null, first, firstReady);
		await().atMost(TIMEOUT).untilTrue(firstReady);
		for (int i = 0; i < 3; i++) {
			written.add(put("resume.counter", Integer.toString(i)));
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(changes(first)).hasSize(3));
		firstSession.dispose();
		for (int i = 3; i < 7; i++) {
			written.add(put("resume.counter", Integer.toString(i)));
		}
		put("other.counter", "1");
		String lastEventId = changes(first).get(2).id();
		List<ServerSentEvent<JsonNode>> second = new CopyOnWriteArrayList<>();
		AtomicBoolean secondReady = new AtomicBoolean();
		Disposable secondSession = watch("resume", lastEventId, second, secondReady);
		try {
			await().atMost(TIMEOUT).untilTrue(secondReady);
			for (int i = 7; i < 9; i++) {
				written.add(put("resume.counter", Integer.toString(i)));
			}
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(changes(second)).hasSize(6));
			await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> changes(second).size() == 6);
		}
		finally {
			secondSession.dispose();
		}
		List<Long> seen = new ArrayList<>();
		changes(first).forEach((event) -> seen.add(Long.parseLong(event.id())));
		changes(second).forEach((event) -> seen.add(Long.parseLong(event.id())));
		assertThat(seen).containsExactlyElementsOf(written);
		assertThat(changes(second)).extracting((event) -> event.data().get("value").asInt())
			.containsExactly(3, 4, 5, 6, 7, 8);
	}

	@Test
	void slowSseClientShouldBeDroppedWithAFinalEventWhileWritersGoOn() {
		List<ServerSentEvent<JsonNode>> received = new CopyOnWriteArrayList<>();
		AtomicBoolean ready = new AtomicBoolean();
		AtomicBoolean completed = new AtomicBoolean();
		BaseSubscriber<ServerSentEvent<JsonNode>> slow = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(1);
			}

			@Override
			protected void hookOnNext(ServerSentEvent<JsonNode> event) {
				received.add(event);
				if (event.comment() != null && event.comment().startsWith("watching")) {
					ready.set(true);
				}
			}

			@Override
			protected void hookOnComplete() {
				completed.set(true);
			}

		};
		client().get()
			.uri("/state/watch?prefix=slow")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(SSE)
			.subscribe(slow);
		await().atMost(TIMEOUT).untilTrue(ready);
		JsonNode bigValue = mapper.getNodeFactory().stringNode("x".repeat(16 * 1024));
		long started = System.nanoTime();
		int writes = 2000;
		Flux.range(0, writes)
			.flatMap((i) -> this.store.put("slow.sensor" + (i % 10), bigValue, "test", Quality.GOOD), 32)
			.blockLast(TIMEOUT);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isLessThan(Duration.ofSeconds(20));
		slow.requestUnbounded();
		await().atMost(TIMEOUT).untilTrue(completed);
		ServerSentEvent<JsonNode> last = received.get(received.size() - 1);
		assertThat(last.event()).isEqualTo("dropped");
		assertThat(last.data().get("reason").asString()).isEqualTo("slow-consumer");
		assertThat(last.data().get("bufferSize").asInt()).isEqualTo(64);
		List<ServerSentEvent<JsonNode>> changes = changes(received);
		assertThat(changes.size()).isLessThan(writes);
		assertThat(last.data().get("lastEventId").asLong())
			.isEqualTo(changes.isEmpty() ? 0 : Long.parseLong(changes.get(changes.size() - 1).id()));
	}

	@Test
	void oversizedValuesShouldBePayloadTooLargeProblems() {
		char[] tooBig = new char[70 * 1024];
		Arrays.fill(tooBig, 'x');
		client().put()
			.uri("/state/plant.big")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("\"" + new String(tooBig) + "\"")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
				assertThat(response.headers().contentType()).get()
					.satisfies(
							(type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
				return response.bodyToMono(JsonNode.class);
			})
			.doOnNext(
					(problem) -> assertThat(problem.get("detail").asString()).contains("library.state.max-value-size"))
			.block(TIMEOUT);
		assertThat(this.store.get("plant.big").blockOptional()).isEmpty();
	}

	@Test
	void badKeysAndOtherMethodsShouldBeProblemsOverRealHttp() {
		JsonNode badKey = client().put()
			.uri("/state/plant..tank")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("1")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(response.headers().contentType()).get()
					.satisfies(
							(type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
				return response.bodyToMono(JsonNode.class);
			})
			.block(TIMEOUT);
		assertThat(badKey.get("type").asString()).isEqualTo("https://library.dev/problems/invalid-state-key");
		assertThat(badKey.get("rule").asString()).isEqualTo("empty-segment");
		client().post()
			.uri("/state/plant.tank")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("1")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
				assertThat(response.headers().asHttpHeaders().getAllow()).extracting(Object::toString)
					.containsExactlyInAnyOrder("GET", "PUT", "DELETE");
				return response.releaseBody();
			})
			.block(TIMEOUT);
	}

	@Test
	void openApiShouldDescribeTheStateRoutes() {
		JsonNode api = client().get().uri("/v3/api-docs").retrieve().bodyToMono(JsonNode.class).block(TIMEOUT);
		JsonNode paths = api.get("paths");
		assertThat(paths.get("/state").get("get")).isNotNull();
		assertThat(paths.get("/state/watch").get("get")).isNotNull();
		assertThat(paths.get("/state/{key}").get("put").get("responses").get("412")).isNotNull();
		assertThat(paths.get("/state/{key}").get("delete")).isNotNull();
		assertThat(paths.get("/events").get("get")).isNotNull();
	}

	private long put(String key, String json) {
		return client().put()
			.uri("/state/" + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.retrieve()
			.toBodilessEntity()
			.map((response) -> Long.parseLong(response.getHeaders().getFirst(StateHandler.SEQUENCE_HEADER)))
			.block(TIMEOUT);
	}

	private Disposable watch(String prefix, String lastEventId, List<ServerSentEvent<JsonNode>> events,
			AtomicBoolean ready) {
		return client().get()
			.uri("/state/watch?prefix=" + prefix)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(SSE)
			.subscribe((event) -> {
				events.add(event);
				if (event.comment() != null && event.comment().startsWith("watching")) {
					ready.set(true);
				}
			});
	}

	private static List<ServerSentEvent<JsonNode>> changes(List<ServerSentEvent<JsonNode>> events) {
		return events.stream().filter((event) -> "change".equals(event.event())).toList();
	}

}
