package dev.library.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the whole platform on a random port and calls every foundation endpoint over
 * real HTTP.
 *
 * @author Library
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// The first GET /v3/api-docs builds the whole description: seconds on a loaded 2-core
// machine
@AutoConfigureWebTestClient(timeout = "30s")
class LibraryApplicationIntegrationTests {

	private WebTestClient client;

	@Autowired
	void authenticate(WebTestClient client) {
		this.client = TestTokens.asAdmin(client);
	}

	@Test
	void componentsListsEveryMandatoryComponentRunningInDependencyOrder() {
		Map<?, ?> body = this.client.get()
			.uri("/components")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> components = components(body);
		List<String> names = components.stream().map((c) -> (String) c.get("name")).toList();
		assertThat(names).contains("core", "api", "config", "state", "secrets", "metrics", "health", "tracing",
				"adapters");
		assertThat(names).doesNotContain("kafka", "i2c", "canbus", "database", "mtls", "hap");
		assertThat(names.indexOf("core")).isLessThan(names.indexOf("config"));
		assertThat(names.indexOf("config")).isLessThan(names.indexOf("state"));
		assertThat(names.indexOf("state")).isLessThan(names.indexOf("adapters"));
		assertThat(components).allSatisfy((c) -> assertThat(c).containsEntry("state", "RUNNING").containsKey("since"));
		assertThat(component(components, "adapters")).containsEntry("dependsOn", List.of("state"));
		assertThat(((List<?>) body.get("available")).stream().map((c) -> (Object) ((Map<?, ?>) c).get("name")).toList())
			.containsExactlyInAnyOrder((Object[]) new String[] { "canbus", "database", "hap", "i2c", "kafka", "mtls" });
	}

	@Test
	void switchedOffComponentsLeaveTheirSpringBootAutoConfigurationsOut(
			@Autowired ConfigurableApplicationContext context) {
		// spring-kafka is on the class path, but the kafka component is off
		assertThat(context.getBeanNamesForType(ProducerFactory.class)).isEmpty();
		assertThat(context.getBeanNamesForType(KafkaTemplate.class)).isEmpty();
		// springdoc's beans wait for the first request for the API description
		assertThat(context.getBeanFactory().getBeanDefinition("openApiResource").isLazyInit()).isTrue();
	}

	@Test
	void livenessAndReadinessAreUp() {
		this.client.get()
			.uri("/health/livez")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/health/readyz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.components.components.state.details.dependsOn[0]")
			.isEqualTo("config")
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP");
	}

	@Test
	void healthShowsTheDependencyGraph() {
		this.client.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.components.components.core.details.affects")
			.value((affects) -> assertThat(affects).asString().contains("api", "config", "state", "adapters"))
			.jsonPath("$.components.components.components.adapters.details.dependsOn[0]")
			.isEqualTo("state");
	}

	@Test
	void metricsArePrometheusTextWithComponentAndHttpMetrics() {
		this.client.get().uri("/components").exchange().expectStatus().isOk();
		String metrics = this.client.get()
			.uri("/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/plain"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("library_component_state{", "component=\"state\"", "state=\"running\"")
			.contains("library_component_start_duration_seconds{")
			.contains("jvm_memory_used_bytes")
			.contains("process_cpu_usage")
			.contains("http_server_requests_seconds_count");
	}

	@Test
	void metricsSpeakOpenMetricsWhenAskedFor() {
		String metrics = this.client.get()
			.uri("/metrics")
			.accept(MediaType.parseMediaType("application/openmetrics-text; version=1.0.0"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/openmetrics-text"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("# EOF");
	}

	@Test
	void tracingInfoAndTestSpan() {
		this.client.get()
			.uri("/tracing/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.enabled")
			.isEqualTo(true)
			.jsonPath("$.exporter")
			.isEqualTo("none")
			.jsonPath("$.serviceName")
			.isEqualTo("library");
		this.client.post()
			.uri("/tracing/test-span")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.traceId")
			.value((traceId) -> assertThat((String) traceId).matches("[0-9a-f]{32}"));
	}

	@Test
	void openApiDocumentsTheFunctionalRoutes() {
		// The first request generates the document: seconds on a busy 2-core machine.
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(60))
			.build()
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.openapi")
			.value((version) -> assertThat((String) version).startsWith("3.1"))
			.jsonPath("$.paths['/components'].get")
			.exists()
			.jsonPath("$.paths['/tracing/test-span'].post.responses['409']")
			.exists()
			.jsonPath("$.paths['/tracing/test-span'].post.responses['413'].content['application/problem+json']")
			.exists()
			.jsonPath("$.components.schemas.Problem.properties.type")
			.exists();
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		// Served through springdoc's index page transformer, created on this first use
		this.client.get()
			.uri("/webjars/swagger-ui/swagger-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("/v3/api-docs"));
	}

	@Test
	void configShowsTheEffectiveLibraryConfigurationAndWhereItCameFrom() {
		this.client.get()
			.uri("/config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.properties[?(@.name == 'library.core.start-timeout')].origin")
			.value((origin) -> assertThat(origin).asString().contains("application.yaml"));
		this.client.get().uri("/config/reloads").exchange().expectStatus().isOk();
	}

	@Test
	void wrongTypeInAQueryParameterIsBadRequestProblemNamingIt() {
		assertProblem(this.client.get().uri("/config/reloads?limit=many").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("limit")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("limit").contains("many"));
	}

	@Test
	void unknownPathIsNotFoundProblem() {
		assertProblem(this.client.get().uri("/no/such/path").exchange(), HttpStatus.NOT_FOUND, "not-found");
	}

	@Test
	void unknownHealthGroupIsNotFoundProblemRatherThanAnEmptyBody() {
		assertProblem(this.client.get().uri("/health/no-such-group").exchange(), HttpStatus.NOT_FOUND, "not-found");
	}

	@Test
	void wrongMethodIsMethodNotAllowedProblemWithAllow() {
		WebTestClient.ResponseSpec response = this.client.delete().uri("/components").exchange();
		assertProblem(response, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
		response.expectHeader().value(HttpHeaders.ALLOW, (allow) -> assertThat(allow).contains("GET"));
	}

	@Test
	void schemaValidationListsEveryViolationWithItsPointer() {
		this.client.post()
			.uri("/schemas/e2e.pump/validate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"speed\": 5000, \"mode\": \"turbo\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.valid")
			.isEqualTo(false)
			.jsonPath("$.violations[*].pointer")
			.value((pointers) -> assertThat(pointers).asString().contains("/speed", "/mode"));
	}

	@Test
	void malformedJsonIsBadRequestProblemNamingThePosition() {
		assertProblem(this.client.post()
			.uri("/schemas/e2e.pump/validate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"speed\": 12,\n \"mode\": }")
			.exchange(), HttpStatus.BAD_REQUEST, "malformed-request").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("line 2").doesNotContain("tools.jackson"));
	}

	@Test
	void wrongContentTypeIsUnsupportedMediaTypeProblem() {
		assertProblem(this.client.post()
			.uri("/schemas/e2e.pump/validate")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("speed=12")
			.exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
	}

	@Test
	void unknownSchemaIsNotFoundProblem() {
		assertProblem(this.client.get().uri("/schemas/no-such-schema").exchange(), HttpStatus.NOT_FOUND,
				"schema-not-found");
	}

	@Test
	void oversizedBodyIsPayloadTooLargeProblem() {
		byte[] tenMegabytes = new byte[10 * 1024 * 1024];
		Arrays.fill(tenMegabytes, (byte) 'a');
		assertProblem(this.client.post()
			.uri("/tracing/test-span")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(tenMegabytes)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
	}

	static WebTestClient.BodyContentSpec assertProblem(WebTestClient.ResponseSpec response, HttpStatus status,
			String kind) {
		return response.expectStatus()
			.isEqualTo(status.value())
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/" + kind)
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.title")
			.exists()
			.jsonPath("$.instance")
			.exists()
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.exception")
			.doesNotExist();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> components(Map<?, ?> body) {
		return (List<Map<String, Object>>) body.get("components");
	}

	private static Map<String, Object> component(List<Map<String, Object>> components, String name) {
		return components.stream().filter((c) -> name.equals(c.get("name"))).findFirst().orElseThrow();
	}

}
