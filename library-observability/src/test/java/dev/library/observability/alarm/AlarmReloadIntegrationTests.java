package dev.library.observability.alarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the platform with a watched configuration file and edits the alarm definitions in
 * it: a changed limit re-evaluates the live alarm at once, a new pattern definition is
 * evaluated against the values already in the store, a wrong edit is rejected whole, and
 * a removed definition's alarm returns to normal, on record, and goes.
 *
 * @author Library
 */
class AlarmReloadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String KEY = "plant.tank1.temperature";

	@TempDir
	Path directory;

	private Path file;

	private ConfigurableApplicationContext context;

	private WebTestClient client;

	@BeforeEach
	void startApplication() throws IOException {
		this.file = this.directory.resolve("application.yaml");
		publish(definitions(hot(80)));
		this.context = new SpringApplicationBuilder(AlarmTestApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--library.config.watch-path=" + this.file, "--library.config.watch-interval=100ms",
					"--spring.main.banner-mode=off", "--library.state.data-dir=" + this.directory.resolve("state"));
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(TIMEOUT)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + AlarmTestApplication.ADMIN_TOKEN)
			.build();
	}

	@AfterEach
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void definitionsFollowTheWatchedFile() throws IOException {
		this.context.getBean(StateStore.class)
			.put(KEY, JsonNodeFactory.instance.numberNode(85), "test", Quality.GOOD)
			.block(TIMEOUT);
		awaitState("tank-hot." + KEY, "UNACK");

		// the limit goes up past the value, and a pattern definition comes
		publish(definitions(hot(90) + """
				      - name: any-hot
				        key: plant.*.temperature
				        type: hi
				        limit: 84
				        severity: major
				"""));
		awaitState("tank-hot." + KEY, "RTN_UNACK");
		awaitState("any-hot." + KEY, "UNACK");
		assertThat(latestReload().get("outcome").stringValue()).isEqualTo("applied");
		// the contributed flood alarm stays through reloads
		assertThat(get("/alarms/definitions").get("definitions").findValuesAsString("name")).containsExactly("tank-hot",
				"any-hot", "alarm-flood");

		// a definition without its limit: rejected whole, the running ones stay
		publish(definitions(hot(90) + """
				      - name: broken
				        key: plant.tank2.level
				        type: lo
				"""));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(latestReload().get("outcome").stringValue()).isEqualTo("rejected"));
		assertThat(latestReload().toString()).contains("library.alarms.definitions[1].limit");
		// the contributed flood alarm stays through reloads
		assertThat(get("/alarms/definitions").get("definitions").findValuesAsString("name")).containsExactly("tank-hot",
				"any-hot", "alarm-flood");

		// tank-hot goes: its alarm returns to normal on record and is dropped
		publish(definitions("""
				      - name: any-hot
				        key: plant.*.temperature
				        type: hi
				        limit: 84
				        severity: major
				"""));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> this.client.get()
				.uri("/alarms/{id}", "tank-hot." + KEY)
				.exchange()
				.expectStatus()
				.isNotFound());
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(get("/alarms/history").get("transitions").toString())
				.contains("configuration reload: definition removed"));
		assertThat(get("/alarms/any-hot." + KEY).get("state").stringValue()).isEqualTo("UNACK");
	}

	private static String hot(int limit) {
		return """
				      - name: tank-hot
				        key: plant.tank1.temperature
				        type: hi
				        limit: %d
				        severity: critical
				""".formatted(limit);
	}

	private static String definitions(String list) {
		return "library:\n  alarms:\n    definitions:\n" + list;
	}

	private void publish(String content) throws IOException {
		Path temporary = this.directory.resolve("application.yaml.tmp");
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private void awaitState(String id, String state) {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(get("/alarms/" + id).path("state").stringValue()).isEqualTo(state));
	}

	private JsonNode latestReload() {
		return get("/config/reloads?limit=1").get("reloads").get(0);
	}

	private JsonNode get(String path) {
		byte[] body = this.client.get().uri(path).exchange().expectBody().returnResult().getResponseBody();
		return mapper.readTree((body != null) ? body : "{}".getBytes(StandardCharsets.UTF_8));
	}

}
