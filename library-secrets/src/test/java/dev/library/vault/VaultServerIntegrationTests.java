package dev.library.vault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform with the Vault backend behind a real server on a random port, against
 * {@link VaultHttpApiFixture} (a local server speaking Vault's HTTP API, not a real
 * Vault), which is down when the platform starts. In order: readiness says DOWN while the
 * component retries with back-off, then UP once Vault answers; secrets written and read
 * through {@code /secrets} land in KV v2; bad names and oversized values are 4xx
 * problems; {@code GET /vault/info} answers for admin; Vault going down later raises
 * {@code library.vault.reachable} = false (quality BAD), cached values are served for the
 * grace period and refused with 503 after it; and no token issued by the fixture appears
 * in any response or in the log output.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = VaultTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "library.vault.enabled=true", "library.vault.authentication=approle",
				"library.vault.app-role.role-id=" + VaultHttpApiFixture.ROLE_ID,
				"library.vault.app-role.secret-id=" + VaultHttpApiFixture.SECRET_ID,
				"library.vault.check-interval=200ms", "library.vault.retry.initial-backoff=200ms",
				"library.vault.retry.max-backoff=1s", "library.vault.cache-grace-period=3s",
				"library.vault.connect-timeout=2s", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readyz.include=readinessState,vault",
				"logging.level.dev.library=DEBUG" })
class VaultServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String VALUE = "Vq4-known-vault-secret-CHARLIE";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final VaultHttpApiFixture vault = new VaultHttpApiFixture().startDown();

	@TempDir
	static Path dataDir;

	@LocalServerPort
	private int port;

	@Autowired
	private ComponentRegistry components;

	@Autowired
	private StateStore state;

	private final List<Answer> searched = new ArrayList<>();

	@DynamicPropertySource
	static void vaultAddress(DynamicPropertyRegistry registry) {
		registry.add("library.vault.uri", () -> vault.uri().toString());
		registry.add("library.state.data-dir", () -> dataDir.toString());
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void vaultDownAtStartThenUpThenDownLaterShouldBeHandledAndNoTokenShouldLeak(CapturedOutput output) {
		String admin = VaultTestApplication.ADMIN_TOKEN;

		// Down at start: readiness DOWN, the component degraded, retries with back-off.
		Answer notReady = search(call(HttpMethod.GET, "/actuator/health/readyz", admin, null));
		assertThat(notReady.status()).as(notReady.describe()).isEqualTo(503);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(output.getAll()).contains("retrying in PT0.4S", "retrying in PT0.8S"));
		assertThat(this.components.component("vault").orElseThrow().state()).isEqualTo(ComponentState.DEGRADED);

		vault.start();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(call(HttpMethod.GET, "/actuator/health/readyz", admin, null).status())
				.isEqualTo(200));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.components.component("vault").orElseThrow().state())
				.isEqualTo(ComponentState.RUNNING));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reachableKey().quality()).isEqualTo(Quality.GOOD));

		// Secrets through the routes land in Vault.
		String reader = createToken("vault-reader", "secrets-reader");
		Answer written = search(call(HttpMethod.PUT, "/secrets/db-password", admin, "{\"value\": \"" + VALUE + "\"}"));
		assertThat(written.status()).as(written.describe()).isEqualTo(200);
		assertThat(written.json().get("backend").asString()).isEqualTo("vault");
		assertThat(vault.currentData("library/db-password")).containsEntry("value", VALUE);
		Answer read = call(HttpMethod.GET, "/secrets/db-password", reader, null);
		assertThat(read.json().get("value").asString()).isEqualTo(VALUE);
		assertThat(search(call(HttpMethod.GET, "/secrets/db-password/versions", admin, null)).json().get("versions"))
			.hasSize(1);

		// Counted at the fixture: a health probe lists nothing in Vault, and reading a
		// value known to exist is one request (data and version answered together).
		for (int i = 0; i < 3; i++) {
			assertThat(call(HttpMethod.PUT, "/secrets/extra-" + i, admin, "{\"value\": \"x\"}").status())
				.isEqualTo(200);
		}
		vault.requests.clear();
		assertThat(call(HttpMethod.GET, "/actuator/health", admin, null).status()).isEqualTo(200);
		assertThat(keyValueRequests()).isEmpty();
		Answer readAgain = call(HttpMethod.GET, "/secrets/db-password", reader, null);
		assertThat(readAgain.json().get("version").asInt()).isEqualTo(1);
		assertThat(keyValueRequests()).containsExactly("GET secret/data/library/db-password");

		assertProblem(search(call(HttpMethod.PUT, "/secrets/-bad-name", admin, "{\"value\": \"" + VALUE + "\"}")), 400);
		assertProblem(search(call(HttpMethod.GET, "/secrets/.hidden", reader, null)), 400);
		assertProblem(
				search(call(HttpMethod.PUT, "/secrets/too-large", admin, "{\"value\": \"" + "x".repeat(2048) + "\"}")),
				413);
		assertProblem(search(call(HttpMethod.GET, "/secrets/unknown", reader, null)), 404);

		// GET /vault/info: admin only, never the token.
		Answer info = search(call(HttpMethod.GET, "/vault/info", admin, null));
		assertThat(info.status()).as(info.describe()).isEqualTo(200);
		assertThat(info.json().get("address").asString()).isEqualTo(vault.uri().toString());
		assertThat(info.json().get("authentication").asString()).isEqualTo("approle");
		assertThat(info.json().at("/token/renewable").asBoolean()).isTrue();
		assertThat(info.json().at("/token/ttlSeconds").asLong()).isBetween(3000L, 3600L);
		assertThat(info.json().at("/vault/sealed").asBoolean()).isFalse();
		assertThat(info.json().at("/vault/version").asString()).isEqualTo("1.17.2");
		assertProblem(search(call(HttpMethod.GET, "/vault/info", reader, null)), 403);
		assertProblem(search(call(HttpMethod.GET, "/vault/info", null, null)), 401);
		Answer health = search(call(HttpMethod.GET, "/actuator/health", admin, null));
		assertThat(health.json().at("/components/vault/status").asString()).isEqualTo("UP");
		Answer logins = search(
				call(HttpMethod.GET, "/actuator/metrics/library.vault.logins?tag=outcome:success", admin, null));
		assertThat(logins.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
		search(call(HttpMethod.GET, "/actuator/metrics/library.vault.token.ttl", admin, null));
		search(call(HttpMethod.GET, "/actuator/env", admin, null));
		search(call(HttpMethod.GET, "/actuator/configprops", admin, null));
		search(call(HttpMethod.GET, "/config", admin, null));

		// Down later: the state key turns BAD, cached values are served within the grace
		// period, then refused.
		vault.stop();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			StateValue reachable = reachableKey();
			assertThat(reachable.value().asBoolean()).isFalse();
			assertThat(reachable.quality()).isEqualTo(Quality.BAD);
		});
		Answer cached = call(HttpMethod.GET, "/secrets/db-password", reader, null);
		assertThat(cached.status()).as("served from memory within the grace period").isEqualTo(200);
		assertThat(cached.json().get("value").asString()).isEqualTo(VALUE);
		assertProblem(search(call(HttpMethod.PUT, "/secrets/db-password", admin, "{\"value\": \"new\"}")), 503);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertProblem(call(HttpMethod.GET, "/secrets/db-password", reader, null), 503));
		Answer refused = search(call(HttpMethod.GET, "/secrets/db-password", reader, null));
		assertThat(refused.json().get("detail").asString()).contains("library.vault.cache-grace-period");
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.components.component("vault").orElseThrow().state())
				.isEqualTo(ComponentState.DEGRADED));

		vault.start();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reachableKey().quality()).isEqualTo(Quality.GOOD));
		assertThat(call(HttpMethod.GET, "/secrets/db-password", reader, null).status()).isEqualTo(200);

		assertThat(vault.issuedTokens).isNotEmpty();
		for (Answer answer : this.searched) {
			assertThat(answer.body()).as(answer.describe()).doesNotContain(vault.issuedTokens).doesNotContain(VALUE);
			assertThat(answer.headers().toString()).as(answer.describe()).doesNotContain(vault.issuedTokens);
		}
		assertThat(output.getAll()).doesNotContain(vault.issuedTokens)
			.doesNotContain(VaultHttpApiFixture.SECRET_ID)
			.doesNotContain(VALUE);
	}

	private static List<String> keyValueRequests() {
		return vault.requests.stream().filter((request) -> request.contains(" secret/")).toList();
	}

	private StateValue reachableKey() {
		StateValue value = this.state.get(VaultReachabilityState.KEY).block(TIMEOUT);
		assertThat(value).as(VaultReachabilityState.KEY).isNotNull();
		return value;
	}

	private static void assertProblem(Answer answer, int status) {
		assertThat(answer.status()).as(answer.describe()).isEqualTo(status);
		assertThat(answer.headers().getContentType()).as(answer.describe())
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.body()).doesNotContain("Exception", "dev.library");
	}

	private Answer search(Answer answer) {
		this.searched.add(answer);
		return answer;
	}

	private String createToken(String name, String role) {
		Answer created = call(HttpMethod.POST, "/security/tokens", VaultTestApplication.ADMIN_TOKEN,
				"{\"name\": \"" + name + "\", \"roles\": [\"" + role + "\"]}");
		assertThat(created.status()).as(created.describe()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	private Answer call(HttpMethod method, String path, String token, String body) {
		WebClient client = WebClient.builder().baseUrl("http://localhost:" + this.port).build();
		WebClient.RequestBodySpec request = client.method(method).uri(path);
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		WebClient.RequestHeadersSpec<?> spec = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return spec
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((content) -> new Answer(method + " " + path, response.statusCode().value(),
						response.headers().asHttpHeaders(), content)))
			.block(TIMEOUT);
	}

	private record Answer(String request, int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return mapper.readTree(this.body);
		}

		String describe() {
			return this.request + " → " + this.status + " " + this.body;
		}

	}

}
