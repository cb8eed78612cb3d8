package dev.library.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local store file changed behind the server's back: the health turns DOWN naming the
 * secret, and a read is a 503 problem, never a wrong value.
 *
 * @author Library
 */
@SpringBootTest(classes = SecretsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SecretsTamperIntegrationTests {

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
	void tamperedStoreShouldTurnHealthDownAndReadsIntoProblems() throws Exception {
		WebClient admin = client(SecretsTestApplication.ADMIN_TOKEN);
		admin.put()
			.uri("/secrets/watched")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\": \"tamper-target-value\"}")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(health(admin).at("/components/secrets/status").asString()).isEqualTo("UP");

		Path file = dataDir.resolve("secrets").resolve("watched.secret");
		byte[] content = Files.readAllBytes(file);
		content[content.length / 2] ^= 0x40;
		Files.write(file, content);

		JsonNode health = health(admin);
		assertThat(health.at("/components/secrets/status").asString()).isEqualTo("DOWN");
		assertThat(health.at("/components/secrets/details/error").asString()).contains("watched");
		String token = admin.post()
			.uri("/security/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"reader\", \"roles\": [\"secrets-reader\"]}")
			.retrieve()
			.bodyToMono(JsonNode.class)
			.block(TIMEOUT)
			.get("token")
			.asString();
		var read = client(token).get()
			.uri("/secrets/watched")
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.map((body) -> response.statusCode().value() + " " + response.headers().contentType().orElseThrow()
						+ " " + body))
			.block(TIMEOUT);
		assertThat(read).startsWith("503 application/problem+json")
			.contains("secret-store-integrity")
			.doesNotContain("tamper-target-value");
	}

	private JsonNode health(WebClient client) {
		return client.get()
			.uri("/actuator/health")
			.exchangeToMono((response) -> response.bodyToMono(JsonNode.class))
			.block(TIMEOUT);
	}

	private WebClient client(String token) {
		return WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();
	}

}
