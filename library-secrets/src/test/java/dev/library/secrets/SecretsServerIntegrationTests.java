package dev.library.secrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
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

/**
 * The secrets component behind a real server on a random port, signed in with real
 * tokens: every route, its roles and its error answers, then a search of every response,
 * the captured log output, {@code /config} and the Actuator endpoints for the secret
 * values written: none may appear anywhere but in the answer of a value read.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SecretsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "logging.level.dev.library=DEBUG")
class SecretsServerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String FIRST_VALUE = "Kx9-first-known-secret-ALPHA";

	private static final String SECOND_VALUE = "Zq7-second-known-secret-BRAVO";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@TempDir
	static Path dataDir;

	@LocalServerPort
	private int port;

	@Autowired
	private SecretsTestApplication.RotationEvents events;

	/** Every response but the value reads, searched for secret values at the end. */
	private final List<Answer> searched = new ArrayList<>();

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("library.state.data-dir", () -> dataDir.toString());
	}

	@Test
	void everyRouteShouldWorkWithItsRolesAndNoValueShouldLeakAnywhere(CapturedOutput output) {
		String admin = SecretsTestApplication.ADMIN_TOKEN;
		String reader = createToken("secrets-reader-token", "secrets-reader");
		String viewer = createToken("viewer-token", "viewer");

		Answer created = search(call(HttpMethod.PUT, "/secrets/db-password", admin,
				"{\"value\": \"" + FIRST_VALUE + "\", \"maxAge\": \"P30D\"}"));
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().get("currentVersion").asInt()).isEqualTo(1);
		assertThat(created.json().get("nextRotation").isNull()).isFalse();
		Answer second = search(
				call(HttpMethod.PUT, "/secrets/db-password", admin, "{\"value\": \"" + SECOND_VALUE + "\"}"));
		assertThat(second.json().get("currentVersion").asInt()).isEqualTo(2);
		assertThat(second.json().get("maxAge").isNull()).isFalse();

		Answer list = search(call(HttpMethod.GET, "/secrets", admin, null));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("secrets").get(0).get("name").asString()).isEqualTo("db-password");
		assertThat(list.json().get("secrets").get(0).get("backend").asString()).isEqualTo("local");

		Answer read = call(HttpMethod.GET, "/secrets/db-password", reader, null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("value").asString()).isEqualTo(SECOND_VALUE);
		assertThat(read.json().get("version").asInt()).isEqualTo(2);
		assertThat(read.headers().getCacheControl()).contains("no-store");

		assertProblem(search(call(HttpMethod.GET, "/secrets/db-password", admin, null)), 403);
		assertProblem(search(call(HttpMethod.GET, "/secrets/db-password", viewer, null)), 403);
		assertProblem(search(call(HttpMethod.GET, "/secrets/db-password", null, null)), 401);
		assertProblem(search(call(HttpMethod.GET, "/secrets", reader, null)), 403);
		assertProblem(search(call(HttpMethod.GET, "/secrets", viewer, null)), 403);
		assertProblem(
				search(call(HttpMethod.PUT, "/secrets/db-password", reader, "{\"value\": \"" + FIRST_VALUE + "\"}")),
				403);
		assertProblem(search(call(HttpMethod.GET, "/secrets/audit", reader, null)), 403);

		Answer versions = search(call(HttpMethod.GET, "/secrets/db-password/versions", admin, null));
		assertThat(versions.json().get("versions")).hasSize(2);

		assertProblem(
				search(call(HttpMethod.PUT, "/secrets/-leading-dash", admin, "{\"value\": \"" + FIRST_VALUE + "\"}")),
				400);
		assertProblem(search(call(HttpMethod.GET, "/secrets/.hidden", reader, null)), 400);
		assertProblem(search(call(HttpMethod.GET, "/secrets/" + "n".repeat(129), reader, null)), 400);
		assertProblem(search(
				call(HttpMethod.PUT, "/secrets/too-large", admin, "{\"value\": \"" + FIRST_VALUE.repeat(60) + "\"}")),
				413);
		assertProblem(
				search(call(HttpMethod.PUT, "/secrets/malformed", admin, "{\"value\": \"" + FIRST_VALUE + "\" oops")),
				400);
		assertProblem(search(call(HttpMethod.PUT, "/secrets/not-a-string", admin, "{\"value\": 12345}")), 400);
		assertProblem(search(call(HttpMethod.PUT, "/secrets/bad-age", admin,
				"{\"value\": \"" + FIRST_VALUE + "\", \"maxAge\": \"soon\"}")), 400);
		assertProblem(search(callWithType(HttpMethod.PUT, "/secrets/plain", admin, FIRST_VALUE, MediaType.TEXT_PLAIN)),
				415);
		assertProblem(search(call(HttpMethod.GET, "/secrets/unknown", reader, null)), 404);
		assertProblem(search(call(HttpMethod.GET, "/secrets/unknown/versions", admin, null)), 404);
		assertProblem(search(call(HttpMethod.POST, "/secrets/unknown/rotate", admin, null)), 404);
		assertProblem(
				search(call(HttpMethod.POST, "/secrets/db-password/rotate", admin, "{\"policy\": \"no-such-policy\"}")),
				400);
		assertProblem(search(call(HttpMethod.POST, "/secrets/db-password/rotate", admin, "{\"length\": 2}")), 400);
		assertProblem(search(call(HttpMethod.PATCH, "/secrets/db-password", admin, "{}")), 405);

		Answer rotated = search(call(HttpMethod.POST, "/secrets/db-password/rotate", admin,
				"{\"length\": 40, \"alphabet\": \"abcdefghij\"}"));
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(rotated.json().get("currentVersion").asInt()).isEqualTo(3);
		Answer generated = call(HttpMethod.GET, "/secrets/db-password", reader, null);
		String generatedValue = generated.json().get("value").asString();
		assertThat(generatedValue).matches("[a-j]{40}");
		Answer rotatedByDefault = search(call(HttpMethod.POST, "/secrets/db-password/rotate", admin, null));
		assertThat(rotatedByDefault.json().get("currentVersion").asInt()).isEqualTo(4);
		String defaultValue = call(HttpMethod.GET, "/secrets/db-password", reader, null).json().get("value").asString();
		assertThat(defaultValue).hasSize(32);

		assertThat(search(call(HttpMethod.DELETE, "/secrets/db-password", admin, null)).status()).isEqualTo(204);
		assertProblem(search(call(HttpMethod.GET, "/secrets/db-password", reader, null)), 404);
		assertProblem(search(call(HttpMethod.DELETE, "/secrets/db-password", admin, null)), 404);
		assertThat(search(call(HttpMethod.GET, "/secrets", admin, null)).json()
			.get("secrets")
			.get(0)
			.get("deleted")
			.asBoolean()).isTrue();
		assertThat(search(call(HttpMethod.POST, "/secrets/db-password/undelete", admin, null)).status()).isEqualTo(200);
		assertThat(call(HttpMethod.GET, "/secrets/db-password", reader, null).json().get("value").asString())
			.isEqualTo(defaultValue);

		Answer audit = search(call(HttpMethod.GET, "/secrets/audit", admin, null));
		assertThat(audit.status()).isEqualTo(200);
		List<String> actions = new ArrayList<>();
		audit.json()
			.get("entries")
			.forEach((entry) -> actions.add(entry.get("action").asString() + ":" + entry.get("principal").asString()
					+ ":" + entry.get("outcome").asString()));
		assertThat(actions).contains("read:token:secrets-reader-token:success", "write:token:bootstrap:success",
				"read:token:secrets-reader-token:not-found", "rotate:token:bootstrap:success",
				"delete:token:bootstrap:success", "write:token:bootstrap:too-large",
				"write:token:bootstrap:invalid-name", "write:token:bootstrap:bad-request");
		assertThat(actions).doesNotContain("write:token:bootstrap:error");

		assertThat(this.events.received).extracting(SecretRotatedEvent::reason)
			.containsSubsequence(SecretRotatedEvent.Reason.WRITTEN, SecretRotatedEvent.Reason.WRITTEN,
					SecretRotatedEvent.Reason.ROTATED, SecretRotatedEvent.Reason.ROTATED);

		Answer health = search(call(HttpMethod.GET, "/actuator/health", admin, null));
		assertThat(health.json().at("/components/secrets/status").asString()).isEqualTo("UP");
		Answer reads = search(
				call(HttpMethod.GET, "/actuator/metrics/library.secrets.reads?tag=outcome:success", admin, null));
		assertThat(reads.json().at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(4);
		search(call(HttpMethod.GET, "/actuator/metrics/library.secrets.writes", admin, null));
		search(call(HttpMethod.GET, "/actuator/metrics/library.secrets.rotations", admin, null));
		search(call(HttpMethod.GET, "/actuator/env", admin, null));
		search(call(HttpMethod.GET, "/actuator/configprops", admin, null));
		search(call(HttpMethod.GET, "/actuator/info", admin, null));
		Answer config = search(call(HttpMethod.GET, "/config", admin, null));
		assertThat(config.status()).isEqualTo(200);
		Answer api = search(call(HttpMethod.GET, "/v3/api-docs", admin, null));
		assertThat(api.body()).contains("/secrets/{name}/rotate", "/secrets/audit");

		List<String> values = List.of(FIRST_VALUE, SECOND_VALUE, generatedValue, defaultValue);
		for (Answer answer : this.searched) {
			assertThat(answer.body()).as(answer.describe()).doesNotContain(values);
			assertThat(answer.headers().toString()).as(answer.describe()).doesNotContain(values);
		}
		assertThat(output.getAll()).contains("secret read of 'db-password' by token:secrets-reader-token: success")
			.doesNotContain(values);
		assertThat(this.events.received.toString()).doesNotContain(values);
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
		Answer created = call(HttpMethod.POST, "/security/tokens", SecretsTestApplication.ADMIN_TOKEN,
				"{\"name\": \"" + name + "\", \"roles\": [\"" + role + "\"]}");
		assertThat(created.status()).as(created.describe()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	private Answer call(HttpMethod method, String path, String token, String body) {
		return callWithType(method, path, token, body, MediaType.APPLICATION_JSON);
	}

	private Answer callWithType(HttpMethod method, String path, String token, String body, MediaType type) {
		WebClient client = WebClient.builder().baseUrl("http://localhost:" + this.port).build();
		WebClient.RequestBodySpec request = client.method(method).uri(path);
		if (token != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		WebClient.RequestHeadersSpec<?> spec = (body != null) ? request.contentType(type).bodyValue(body) : request;
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
