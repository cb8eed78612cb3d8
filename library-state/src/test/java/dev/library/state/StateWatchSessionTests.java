package dev.library.state;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.session.DefaultSessionRegistry;
import dev.library.session.SessionCloseReason;
import dev.library.session.SessionInfo;
import dev.library.session.SessionKindPolicy;
import dev.library.session.SessionState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the watch streams of {@link StateHandler} as sessions.
 *
 * @author Library
 */
class StateWatchSessionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final DefaultStateStore store = new DefaultStateStore(new InMemoryStatePersistence(100),
			StateStoreOptions.defaults(), mapper, null, new SimpleMeterRegistry(), Clock.systemUTC());

	private final DefaultSessionRegistry sessions = new DefaultSessionRegistry((kind) -> SessionKindPolicy.UNLIMITED,
			new SimpleMeterRegistry(), Clock.systemUTC());

	private final WebTestClient client;

	StateWatchSessionTests() {
		this.store.start();
		StateHandler handler = new StateHandler(this.store, Duration.ofSeconds(15));
		handler.setSessionRegistry(this.sessions);
		this.client = WebTestClient.bindToRouterFunction(StateRoutes.create(handler))
			.handlerStrategies(HandlerStrategies.empty()
				.codecs((codecs) -> codecs.registerDefaults(true))
				.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
				.build())
			.configureClient()
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@AfterEach
	void stop() {
		this.store.stop();
	}

	@Test
	void aWatchStreamShouldBeAnApiWatcherSessionTouchedByChangesAndEndedByAForcedClose() {
		Flux<ServerSentEvent<JsonNode>> stream = watch("plant");
		StepVerifier.create(stream.filter((event) -> event.event() != null))
			.then(() -> await().atMost(Duration.ofSeconds(5))
				.until(() -> this.sessions.list(StateHandler.WATCHER_SESSION_KIND).size() == 1))
			.then(() -> this.store.put("plant.tank1.level", mapper.readTree("1.5"), "test", Quality.GOOD).block())
			.assertNext((event) -> assertThat(event.event()).isEqualTo("change"))
			.then(() -> {
				SessionInfo info = this.sessions.list(StateHandler.WATCHER_SESSION_KIND).get(0);
				assertThat(info.state()).isEqualTo(SessionState.ACTIVE);
				assertThat(info.attributes()).containsEntry("prefix", "plant");
				assertThat(info.owner()).startsWith("client");
				assertThat(this.sessions.forceClose(info.id(), SessionCloseReason.FORCED)).isTrue();
			})
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("closed");
				assertThat(event.data().get("reason").asString()).contains("forced");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.sessions.list(null)).isEmpty();
	}

	@Test
	void aWatchStreamThatEndsShouldCloseItsSession() {
		List<ServerSentEvent<JsonNode>> events = watch("plant").take(1).collectList().block(Duration.ofSeconds(10));
		assertThat(events).hasSize(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.list(null).isEmpty());
	}

	@Test
	void stoppingTheRegistryShouldEndEveryWatchStream() {
		Flux<ServerSentEvent<JsonNode>> stream = watch("");
		StepVerifier.create(stream.filter((event) -> event.event() != null))
			.then(() -> await().atMost(Duration.ofSeconds(5)).until(() -> this.sessions.size() == 1))
			.then(this.sessions::stop)
			.assertNext((event) -> assertThat(event.data().get("reason").asString()).contains("shutdown"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	private Flux<ServerSentEvent<JsonNode>> watch(String prefix) {
		return this.client.get()
			.uri("/state/watch?prefix=" + prefix)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.getResponseBody();
	}

}
