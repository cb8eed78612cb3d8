package dev.library.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.library.app.LibraryApplicationIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limiting of changing requests per principal over real HTTP: the burst passes, the
 * next request gets 429 with Retry-After and is audited, reads are not limited, other
 * principals are not affected, and the principal may write again after waiting.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "library.security.rate-limit.burst=3", "library.security.rate-limit.requests-per-second=0.2" })
@AutoConfigureWebTestClient
class RateLimitIntegrationTests {

	@Autowired
	private WebTestClient anonymous;

	@Test
	void exhaustedBurstIsTooManyRequestsWithRetryAfterThenAllowedAgainAfterWaiting() {
		WebTestClient operator = TestTokens.as(this.anonymous, createToken("rate-operator", "operator"));
		WebTestClient otherOperator = TestTokens.as(this.anonymous, createToken("rate-other", "operator"));
		for (int i = 0; i < 3; i++) {
			put(operator, i).expectStatus().is2xxSuccessful();
		}
		String retryAfter = assertProblem(put(operator, 3), HttpStatus.TOO_MANY_REQUESTS, "rate-limited")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("retry after"))
			.returnResult()
			.getResponseHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);
		// one request per 5 s: the burst cannot refill while a loaded machine sends it
		assertThat(Long.parseLong(retryAfter)).isBetween(1L, 5L);
		operator.get().uri("/state/rate.limited.0").exchange().expectStatus().isOk();
		put(otherOperator, 0).expectStatus().is2xxSuccessful();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> put(operator, 4).expectStatus().is2xxSuccessful());
		TestTokens.asAdmin(this.anonymous)
			.get()
			.uri("/security/audit?limit=1000")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.entries[?(@.principal == 'token:rate-operator' && @.kind == 'ACCESS_DENIED')].detail")
			.value((details) -> assertThat((List<?>) details).isNotEmpty()
				.allSatisfy((detail) -> assertThat((String) detail).contains("PUT /state/rate.limited.")
					.contains("rate limit exceeded")));
	}

	private static WebTestClient.ResponseSpec put(WebTestClient client, int index) {
		return client.put()
			.uri("/state/rate.limited." + index)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": " + index + "}")
			.exchange();
	}

	private String createToken(String name, String role) {
		Map<?, ?> created = TestTokens.asAdmin(this.anonymous)
			.post()
			.uri("/security/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "roles", List.of(role)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) created.get("token");
	}

}
