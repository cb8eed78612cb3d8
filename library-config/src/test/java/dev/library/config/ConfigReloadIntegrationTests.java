package dev.library.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.library.core.autoconfigure.CoreProperties;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the platform on a random port with a watched file laid out like a mounted
 * Kubernetes ConfigMap, changes the file and checks what the running application does.
 *
 * @author Library
 */
class ConfigReloadIntegrationTests {

	private static final String INITIAL = """
			library:
			  core:
			    stop-timeout: 5s
			    start-timeout: 20s
			  demo:
			    api-token: s3cr3t-value
			""";

	/**
	 * The admin token these tests sign in with, declared rather than stored.
	 */
	private static final String ADMIN_TOKEN = "lib_config-tests-admin-token-not-for-production";

	@TempDir
	Path mount;

	@TempDir
	Path securityData;

	private ConfigMapVolume volume;

	private ConfigurableApplicationContext context;

	private WebTestClient client;

	@BeforeEach
	void startApplication() throws IOException {
		this.volume = new ConfigMapVolume(this.mount);
		this.volume.publish("application.yaml", INITIAL);
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.REACTIVE)
			.run("--server.port=0", "--library.config.watch-path=" + this.volume.file("application.yaml"),
					"--library.config.watch-interval=100ms", "--library.api.max-body-size=2MB",
					"--management.endpoints.web.exposure.include=health", "--spring.main.banner-mode=off",
					"--library.security.bootstrap-token=" + ADMIN_TOKEN,
					"--library.security.data-dir=" + this.securityData);
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		// The first GET /v3/api-docs generates the document: seconds on a busy 2-core
		// machine.
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.build();
	}

	@AfterEach
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void reloadableChangeIsAppliedWithoutRestart() throws IOException {
		CoreProperties core = this.context.getBean(CoreProperties.class);
		assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(5));
		this.volume.publish("application.yaml", INITIAL.replace("stop-timeout: 5s", "stop-timeout: 7s"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(7)));
		Map<String, Object> reload = latestReload();
		assertThat(reload).containsEntry("outcome", "applied")
			.containsEntry("file", this.volume.file("application.yaml").toString());
		assertThat(reload.get("changes")).isEqualTo(List
			.of(Map.of("property", "library.core.stop-timeout", "previous", "5s", "value", "7s", "status", "applied")));
		assertThat(core.getStartTimeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.context.getBean(MeterRegistry.class)
			.get("library.config.reloads")
			.tag("outcome", "applied")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void nonReloadableChangeIsReportedRestartRequiredAndTheBeanKeepsItsValue() throws IOException {
		CoreProperties core = this.context.getBean(CoreProperties.class);
		this.volume.publish("application.yaml", INITIAL.replace("start-timeout: 20s", "start-timeout: 25s"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !reloads().isEmpty());
		Map<String, Object> reload = latestReload();
		assertThat(reload).containsEntry("outcome", "restart-required");
		assertThat(reload.get("changes")).isEqualTo(List.of(Map.of("property", "library.core.start-timeout", "previous",
				"20s", "value", "25s", "status", "restart-required")));
		assertThat(core.getStartTimeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(property("library.core.start-timeout")).containsEntry("value", "25s")
			.containsEntry("restartPending", true);
	}

	@Test
	void invalidChangeIsRejectedKeepsTheOldValuesAndIsReportedByHealthUntilFixed() throws IOException {
		CoreProperties core = this.context.getBean(CoreProperties.class);
		ComponentRegistry registry = this.context.getBean(ComponentRegistry.class);
		ConfigReloadHealthIndicator health = this.context.getBean(ConfigReloadHealthIndicator.class);
		assertThat(health.health().block().getStatus()).isEqualTo(Status.UP);
		this.volume.publish("application.yaml", INITIAL.replace("stop-timeout: 5s", "stop-timeout: -1s"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> health.health().block().getStatus(), ConfigReloadHealthIndicator.WARNING::equals);
		assertThat(health.health().block().getDetails()).extractingByKey("errors")
			.asString()
			.contains("library.core.stop-timeout");
		assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(5));
		Map<String, Object> rejected = latestReload();
		assertThat(rejected).containsEntry("outcome", "rejected").containsEntry("changes", List.of());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> errors = (List<Map<String, Object>>) rejected.get("errors");
		assertThat(errors).singleElement()
			.satisfies((error) -> assertThat(error).containsEntry("property", "library.core.stop-timeout")
				.containsEntry("value", "-1s"));
		assertThat(property("library.core.stop-timeout")).containsEntry("value", "5s");
		// The platform runs on the previous values: a bad ConfigMap must not take it out
		// of
		// service.
		assertThat(registry.component("config").map(ComponentStatus::state)).hasValue(ComponentState.RUNNING);

		this.volume.publish("application.yaml", INITIAL.replace("stop-timeout: 5s", "stop-timeout: wrong"));
		await().atMost(Duration.ofSeconds(10)).until(() -> reloads().size() == 2);
		assertThat(latestReload()).containsEntry("outcome", "rejected");
		assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(5));

		this.volume.publish("application.yaml", INITIAL.replace("stop-timeout: 5s", "stop-timeout: 8s"));
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health().block().getStatus(), Status.UP::equals);
		assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(8));
		assertThat(latestReload()).containsEntry("outcome", "applied");
	}

	@Test
	void configShowsWhereEachValueComesFromAndRedactsSecrets() {
		String file = this.volume.file("application.yaml").toString();
		assertThat(property("library.core.stop-timeout")).containsEntry("value", "5s")
			.containsEntry("source", "Config file [" + file + "]")
			.containsEntry("origin", "file [" + file + "] - 3:19")
			.containsEntry("restartPending", false);
		assertThat(property("library.api.max-body-size")).containsEntry("value", "2MB")
			.containsEntry("source", "commandLineArgs");
		assertThat(property("library.demo.api-token")).containsEntry("value", SecretRedactor.REDACTED);
		assertThat(property("library.config.reload-history")).containsEntry("value", "50")
			.containsEntry("source", "default")
			.containsEntry("origin", "default");
		String body = this.client.get()
			.uri("/config")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).doesNotContain("s3cr3t-value").contains("\"watchPath\":\"" + file + "\"");
	}

	@Test
	void fileThatDisappearsIsRecordedAndTheValuesStay() throws IOException {
		CoreProperties core = this.context.getBean(CoreProperties.class);
		this.volume.remove("application.yaml");
		await().atMost(Duration.ofSeconds(10)).until(() -> !reloads().isEmpty());
		assertThat(latestReload()).containsEntry("outcome", "file-missing");
		assertThat(core.getStopTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(property("library.core.stop-timeout")).containsEntry("value", "5s");
	}

	@Test
	void reloadsWithALimitThatIsNotANumberIsABadRequestProblem() {
		this.client.get()
			.uri("/config/reloads?limit=abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("limit")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("limit").contains("1 to 50"));
		this.client.get().uri("/config/reloads?limit=51").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/config/reloads?limit=1").exchange().expectStatus().isOk();
	}

	@Test
	void openApiDescribesBothRoutesWithTheirProblems() {
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/config'].get.operationId")
			.isEqualTo("getConfiguration")
			.jsonPath("$.paths['/config'].get.responses['200'].content['application/json'].schema['$ref']")
			.isEqualTo("#/components/schemas/ConfigurationView")
			.jsonPath("$.paths['/config/reloads'].get.parameters[0].name")
			.isEqualTo("limit")
			.jsonPath("$.paths['/config/reloads'].get.responses['400'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.ConfigurationReload.properties.outcome.enum")
			.value((values) -> assertThat((List<Object>) values).contains("partially-applied", "file-missing"));
	}

	private List<Map<String, Object>> reloads() {
		Map<String, List<Map<String, Object>>> body = this.client.get()
			.uri("/config/reloads")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody();
		return body.get("reloads");
	}

	private Map<String, Object> latestReload() {
		List<Map<String, Object>> reloads = reloads();
		assertThat(reloads).isNotEmpty();
		return reloads.get(0);
	}

	private Map<String, Object> property(String name) {
		Map<String, Object> body = this.client.get()
			.uri("/config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> properties = (List<Map<String, Object>>) body.get("properties");
		return properties.stream()
			.filter((property) -> name.equals(property.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No property " + name + " in " + properties));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
