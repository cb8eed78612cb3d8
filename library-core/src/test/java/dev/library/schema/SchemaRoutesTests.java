package dev.library.schema;

import java.util.List;

import dev.library.core.web.ProblemDetailsExceptionHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SchemaRoutes} and {@link SchemaHandler}.
 *
 * @author Library
 */
class SchemaRoutesTests {

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	private final DefaultSchemaRegistry registry = new DefaultSchemaRegistry(true, new SimpleMeterRegistry());

	private final WebTestClient client;

	SchemaRoutesTests() {
		this.registry.registerAll(SchemaResources.load(new PathMatchingResourcePatternResolver(),
				List.of("classpath*:schemas/**/*.schema.json")));
		this.client = WebTestClient.bindToRouterFunction(SchemaRoutes.create(new SchemaHandler(this.registry)))
			.handlerStrategies(problemStrategies())
			.build();
	}

	@Test
	void listShouldReturnEverySchemaWithWhatItSaysAboutItself() {
		this.client.get()
			.uri("/schemas")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.schemas.length()")
			.isEqualTo(2)
			.jsonPath("$.schemas[0].name")
			.isEqualTo("plant.tank")
			.jsonPath("$.schemas[0].title")
			.isEqualTo("Tank")
			.jsonPath("$.schemas[0].description")
			.isEqualTo("A storage tank of the plant and its level sensors")
			.jsonPath("$.schemas[0].source")
			.isEqualTo("classpath:schemas/plant.tank.schema.json")
			.jsonPath("$.schemas[0].id")
			.isEqualTo("https://library.dev/schemas/plant.tank.json")
			.jsonPath("$.schemas[0].dialect")
			.isEqualTo("https://json-schema.org/draft/2020-12/schema")
			.jsonPath("$.schemas[0].keyPrefix")
			.isEqualTo("plant.tank")
			.jsonPath("$.schemas[1].name")
			.isEqualTo("point")
			.jsonPath("$.schemas[1].source")
			.isEqualTo("classpath:schemas/common/point.schema.json");
	}

	@Test
	void getShouldReturnTheSchemaDocumentAsSchemaJson() {
		this.client.get()
			.uri("/schemas/plant.tank")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(SchemaHandler.APPLICATION_SCHEMA_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Tank")
			.jsonPath("$.properties.sensors.items.required[0]")
			.isEqualTo("id");
	}

	@Test
	void getWhenClientAcceptsOnlyJsonShouldAnswerJson() {
		this.client.get()
			.uri("/schemas/point")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Point");
	}

	@Test
	void getWhenClientAcceptsNeitherJsonTypeShouldAnswerNotAcceptableProblem() {
		this.client.get()
			.uri("/schemas/point")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isEqualTo(406)
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/not-acceptable");
	}

	@Test
	void getWhenSchemaIsUnknownShouldAnswerNotFoundProblem() {
		this.client.get()
			.uri("/schemas/boiler")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/schema-not-found")
			.jsonPath("$.title")
			.isEqualTo("Schema not found")
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.isEqualTo("No schema named 'boiler' is registered; GET /schemas lists them")
			.jsonPath("$.schema")
			.isEqualTo("boiler")
			.jsonPath("$.instance")
			.isEqualTo("/schemas/boiler");
	}

	@Test
	void validateWhenDocumentMatchesShouldAnswerValid() {
		validate(
				"{\"name\":\"t1\",\"level\":40,\"position\":{\"x\":1,\"y\":2},\"sensors\":[{\"id\":\"s1\",\"value\":3}]}")
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.schema")
			.isEqualTo("plant.tank")
			.jsonPath("$.valid")
			.isEqualTo(true)
			.jsonPath("$.violations")
			.isEmpty();
	}

	@Test
	void validateWhenDocumentDoesNotMatchShouldAnswerOkWithEveryViolation() {
		ValidationBody body = validate("""
				{
				  "level": 140,
				  "position": { "x": "left" },
				  "sensors": [ { "id": "s1", "value": 1 }, { "id": "x9", "value": 2, "unit": "bar" } ],
				  "colour": "red"
				}
				""").expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(ValidationBody.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		assertThat(body.valid()).isFalse();
		assertThat(body.violations()).extracting(SchemaValidationResult.Violation::pointer)
			.containsExactlyInAnyOrder("", "/level", "/position", "/position/x", "/sensors/1/id", "/sensors/1", "");
		assertThat(body.violations()).allSatisfy((violation) -> {
			assertThat(violation.keyword()).isNotEmpty();
			assertThat(violation.message()).isNotEmpty();
		});
		assertThat(body.violations()).extracting(SchemaValidationResult.Violation::keyword)
			.contains("required", "maximum", "type", "pattern", "unevaluatedProperties");
	}

	@Test
	void validateWhenBodyIsJsonNullShouldReportTheTypeViolation() {
		validate("null").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.valid")
			.isEqualTo(false)
			.jsonPath("$.violations[0].pointer")
			.isEqualTo("")
			.jsonPath("$.violations[0].keyword")
			.isEqualTo("type");
	}

	@Test
	void validateWhenBodyIsMalformedShouldAnswerBadRequestProblemWithLineAndColumn() {
		validate("{\n  \"name\": \"t1\",\n  \"level\": 4x\n}").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/malformed-request")
			.jsonPath("$.title")
			.isEqualTo("Malformed request body")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("line 3, column").doesNotContain("tools."));
	}

	@Test
	void validateWhenBodyIsEmptyShouldAnswerBadRequestProblem() {
		this.client.post()
			.uri("/schemas/plant.tank/validate")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/malformed-request")
			.jsonPath("$.detail")
			.isEqualTo("Request body is empty; send the JSON document to validate");
	}

	@Test
	void validateWhenContentTypeIsNotJsonShouldAnswerUnsupportedMediaTypeProblem() {
		this.client.post()
			.uri("/schemas/plant.tank/validate")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"name\":\"t1\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(PROBLEM)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT, "application/json")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/unsupported-media-type")
			.jsonPath("$.detail")
			.isEqualTo("Content-Type must be application/json; got 'text/plain'");
	}

	@Test
	void validateWhenContentTypeIsMissingShouldAnswerUnsupportedMediaTypeProblem() {
		this.client.post()
			.uri("/schemas/plant.tank/validate")
			.bodyValue(new byte[] { '{', '}' })
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(PROBLEM);
	}

	@Test
	void validateShouldAcceptAnyJsonBasedContentType() {
		this.client.post()
			.uri("/schemas/point/validate")
			.contentType(MediaType.parseMediaType("application/vnd.library.point+json;charset=UTF-8"))
			.bodyValue("{\"x\":1,\"y\":2}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.valid")
			.isEqualTo(true);
	}

	@Test
	void validateWhenSchemaIsUnknownShouldAnswerNotFoundProblem() {
		this.client.post()
			.uri("/schemas/boiler/validate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/schema-not-found");
	}

	@Test
	void validateOrThrowFromAnotherComponentsRouteShouldAnswerValidationProblemWithEveryViolation() {
		RouterFunction<ServerResponse> tanks = RouterFunctions.route()
			.PUT("/tanks/{id}",
					(request) -> request.bodyToMono(JsonNode.class)
						.map((tank) -> this.registry.validateOrThrow("plant.tank", tank))
						.flatMap((result) -> ServerResponse.noContent().build()))
			.build();
		WebTestClient.bindToRouterFunction(tanks)
			.handlerStrategies(problemStrategies())
			.build()
			.put()
			.uri("/tanks/3")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"\",\"level\":-1}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://library.dev/problems/validation-failed")
			.jsonPath("$.title")
			.isEqualTo("Validation failed")
			.jsonPath("$.detail")
			.isEqualTo("Document does not match schema 'plant.tank': 2 violations")
			.jsonPath("$.schema")
			.isEqualTo("plant.tank")
			.jsonPath("$.violations[*].pointer")
			.value((pointers) -> assertThat(pointers).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder("/name", "/level"))
			.jsonPath("$.violations[*].keyword")
			.value((keywords) -> assertThat(keywords).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder("minLength", "minimum"));
	}

	// the problem handler alone, as in the application where it runs first (order -2)
	private static HandlerStrategies problemStrategies() {
		return HandlerStrategies.empty()
			.codecs((codecs) -> codecs.registerDefaults(true))
			.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
			.build();
	}

	private WebTestClient.ResponseSpec validate(String body) {
		return this.client.post()
			.uri("/schemas/plant.tank/validate")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	record ValidationBody(String schema, boolean valid, List<SchemaValidationResult.Violation> violations) {

	}

}
