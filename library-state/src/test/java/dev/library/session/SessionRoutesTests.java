package dev.library.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.library.core.web.ProblemDetailsExceptionHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionRoutes} and {@link SessionHandler}.
 *
 * @author Library
 */
class SessionRoutesTests {

	private final DefaultSessionRegistry registry = new DefaultSessionRegistry((kind) -> SessionKindPolicy.UNLIMITED,
			new SimpleMeterRegistry(), Clock.systemUTC());

	private final WebTestClient client = WebTestClient
		.bindToRouterFunction(SessionRoutes.create(new SessionHandler(this.registry)))
		.handlerStrategies(HandlerStrategies.empty()
			.codecs((codecs) -> codecs.registerDefaults(true))
			.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
			.build())
		.build();

	@Test
	void listShouldReturnTheOpenSessionsOfAKind() {
		Session watcher = this.registry.open("api-watcher", "client:10.0.0.1", Map.of("prefix", "plant"));
		this.registry.open("i2c-device", "adapter:i2c-1", Map.of());
		this.client.get()
			.uri("/sessions?kind=api-watcher")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sessions.length()")
			.isEqualTo(1)
			.jsonPath("$.sessions[0].id")
			.isEqualTo(watcher.id())
			.jsonPath("$.sessions[0].kind")
			.isEqualTo("api-watcher")
			.jsonPath("$.sessions[0].owner")
			.isEqualTo("client:10.0.0.1")
			.jsonPath("$.sessions[0].state")
			.isEqualTo("OPEN")
			.jsonPath("$.sessions[0].attributes.prefix")
			.isEqualTo("plant");
		this.client.get()
			.uri("/sessions")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sessions.length()")
			.isEqualTo(2);
	}

	@Test
	void listWithAnInvalidKindShouldReturnABadRequestProblem() {
		this.client.get()
			.uri("/sessions?kind=NOT A KIND")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("kind");
	}

	@Test
	void getShouldReturnTheSession() {
		Session session = this.registry.open("api-watcher", "client:1", Map.of());
		this.client.get()
			.uri("/sessions/{id}", session.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(session.id())
			.jsonPath("$.openedAt")
			.exists();
	}

	@Test
	void getOfAnUnknownIdShouldReturnANotFoundProblem() {
		this.client.get()
			.uri("/sessions/unknown")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(SessionNotFoundException.TYPE.toString())
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.id")
			.isEqualTo("unknown");
	}

	@Test
	void deleteShouldForceTheSessionClosedAndCallItsOwner() {
		List<SessionCloseReason> reasons = new ArrayList<>();
		Session session = this.registry.open("api-watcher", "client:1", Map.of(),
				(info, reason) -> reasons.add(reason));
		this.client.delete().uri("/sessions/{id}", session.id()).exchange().expectStatus().isNoContent();
		assertThat(reasons).containsExactly(SessionCloseReason.FORCED);
		assertThat(session.isClosed()).isTrue();
		this.client.get().uri("/sessions/{id}", session.id()).exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteOfAnUnknownIdShouldReturnANotFoundProblem() {
		this.client.delete()
			.uri("/sessions/unknown")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(SessionNotFoundException.TYPE.toString());
	}

}
