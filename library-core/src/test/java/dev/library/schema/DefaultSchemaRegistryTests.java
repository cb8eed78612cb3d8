package dev.library.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.library.core.web.ProblemTypes;
import dev.library.schema.SchemaValidationResult.Violation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link DefaultSchemaRegistry}.
 *
 * @author Library
 */
class DefaultSchemaRegistryTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String TANK = """
			{
			  "title": "Tank",
			  "description": "A storage tank",
			  "$id": "https://example.com/tank.json",
			  "type": "object",
			  "required": ["name", "level"],
			  "properties": {
			    "name": { "type": "string" },
			    "level": { "type": "number", "maximum": 100 },
			    "sensors": {
			      "type": "array",
			      "items": {
			        "type": "object",
			        "required": ["id"],
			        "properties": {
			          "id": { "type": "string" },
			          "value": { "type": "number", "minimum": 0 }
			        }
			      }
			    }
			  }
			}
			""";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final DefaultSchemaRegistry registry = new DefaultSchemaRegistry(true, this.meters);

	@Test
	void validateShouldListEveryViolationWithItsJsonPointer() {
		register("tank", TANK);
		SchemaValidationResult result = this.registry.validate("tank", json("""
				{
				  "level": 120,
				  "sensors": [
				    { "id": "s1", "value": 3 },
				    { "value": -1 },
				    { "id": 7, "value": "high" }
				  ]
				}
				"""));
		assertThat(result.valid()).isFalse();
		assertThat(result.schema()).isEqualTo("tank");
		assertThat(result.violations()).extracting(Violation::pointer, Violation::keyword)
			.containsExactlyInAnyOrder(tuple("", "required"), tuple("/level", "maximum"),
					tuple("/sensors/1", "required"), tuple("/sensors/1/value", "minimum"),
					tuple("/sensors/2/id", "type"), tuple("/sensors/2/value", "type"));
		assertThat(result.violations()).filteredOn((violation) -> violation.keyword().equals("required"))
			.extracting(Violation::message)
			.anySatisfy((message) -> assertThat(message).contains("'name'"))
			.anySatisfy((message) -> assertThat(message).contains("'id'"));
	}

	@Test
	void validateWhenDocumentMatchesShouldReturnNoViolation() {
		register("tank", TANK);
		SchemaValidationResult result = this.registry.validate("tank",
				json("{\"name\":\"t1\",\"level\":42.5,\"sensors\":[{\"id\":\"s1\",\"value\":1}]}"));
		assertThat(result.valid()).isTrue();
		assertThat(result.violations()).isEmpty();
	}

	@Test
	void validateShouldApplyPrefixItemsAndUnevaluatedPropertiesOfDraft202012() {
		register("reading", """
				{
				  "type": "object",
				  "properties": {
				    "pair": {
				      "type": "array",
				      "prefixItems": [ { "type": "string" }, { "type": "integer" } ],
				      "items": false
				    }
				  },
				  "allOf": [ { "properties": { "unit": { "type": "string" } } } ],
				  "unevaluatedProperties": false
				}
				""");
		assertThat(this.registry.validate("reading", json("{\"pair\":[\"a\",1],\"unit\":\"bar\"}")).valid()).isTrue();
		SchemaValidationResult result = this.registry.validate("reading",
				json("{\"pair\":[\"a\",\"b\",3],\"unit\":\"bar\",\"extra\":true}"));
		assertThat(result.violations()).extracting(Violation::pointer, Violation::keyword)
			.containsExactlyInAnyOrder(tuple("/pair/1", "type"), tuple("/pair", "items"),
					tuple("", "unevaluatedProperties"));
		assertThat(result.violations()).filteredOn((violation) -> violation.keyword().equals("unevaluatedProperties"))
			.singleElement()
			.satisfies((violation) -> assertThat(violation.message()).contains("'extra'"));
	}

	@Test
	void validateShouldEscapePointerTokensAsRfc6901Says() {
		register("escaped", "{\"properties\":{\"a/b\":{\"type\":\"string\"},\"m~n\":{\"type\":\"string\"}}}");
		SchemaValidationResult result = this.registry.validate("escaped", json("{\"a/b\":1,\"m~n\":2}"));
		assertThat(result.violations()).extracting(Violation::pointer).containsExactlyInAnyOrder("/a~1b", "/m~0n");
	}

	@Test
	void validateWhenFormatAssertionsAreOnShouldReportFormat() {
		register("contact", "{\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"}}}");
		assertThat(this.registry.validate("contact", json("{\"email\":\"nope\"}")).violations())
			.extracting(Violation::pointer, Violation::keyword)
			.containsExactly(tuple("/email", "format"));
	}

	@Test
	void validateWhenFormatAssertionsAreOffShouldIgnoreFormat() {
		DefaultSchemaRegistry annotating = new DefaultSchemaRegistry(false, new SimpleMeterRegistry());
		annotating.register("contact", json("{\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"}}}"),
				"component:test");
		assertThat(annotating.validate("contact", json("{\"email\":\"nope\"}")).valid()).isTrue();
	}

	@Test
	void validateWhenSchemaIsUnknownShouldThrowNotFoundProblem() {
		assertThatExceptionOfType(SchemaNotFoundException.class)
			.isThrownBy(() -> this.registry.validate("nope", json("{}")))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
				assertThat(ex.getBody().getType()).hasToString("https://library.dev/problems/schema-not-found");
				assertThat(ex.getBody().getDetail()).contains("'nope'");
			});
	}

	@Test
	void validateOrThrowWhenInvalidShouldThrowValidationProblemListingEveryViolation() {
		register("tank", TANK);
		assertThatExceptionOfType(SchemaValidationException.class)
			.isThrownBy(() -> this.registry.validateOrThrow("tank", json("{\"level\":500}")))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getBody().getType()).isEqualTo(ProblemTypes.VALIDATION_FAILED);
				assertThat(ex.getBody().getTitle()).isEqualTo("Validation failed");
				assertThat(ex.getBody().getDetail()).isEqualTo("Document does not match schema 'tank': 2 violations");
				assertThat(ex.getBody().getProperties()).containsEntry("schema", "tank");
				assertThat(ex.getBody().getProperties().get("violations"))
					.asInstanceOf(InstanceOfAssertFactories.list(Violation.class))
					.extracting(Violation::pointer)
					.containsExactlyInAnyOrder("", "/level");
				assertThat(ex.getResult().violations()).hasSize(2);
			});
	}

	@Test
	void validateOrThrowWhenValidShouldReturnTheResult() {
		register("tank", TANK);
		assertThat(this.registry.validateOrThrow("tank", json("{\"name\":\"t\",\"level\":1}")).valid()).isTrue();
	}

	@Test
	void registerShouldReadTitleDescriptionIdAndDialect() {
		RegisteredSchema schema = register("tank", TANK);
		assertThat(schema.name()).isEqualTo("tank");
		assertThat(schema.title()).isEqualTo("Tank");
		assertThat(schema.description()).isEqualTo("A storage tank");
		assertThat(schema.id()).isEqualTo("https://example.com/tank.json");
		assertThat(schema.dialect()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.source()).isEqualTo("component:test");
		assertThat(this.registry.schemas()).containsExactly(schema);
		assertThat(this.registry.schema("tank")).contains(schema);
	}

	@Test
	void schemaDocumentShouldNotBeChangedThroughWhatTheRegistryReturns() {
		RegisteredSchema schema = register("tank", TANK);
		((ObjectNode) schema.schema()).put("type", "string");
		assertThat(this.registry.schema("tank").orElseThrow().schema().get("type").asString()).isEqualTo("object");
		assertThat(this.registry.validate("tank", json("{\"name\":\"t\",\"level\":1}")).valid()).isTrue();
	}

	@Test
	void registerWhenSchemaIsNotValidAgainstTheMetaschemaShouldFailNamingEachProblem() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("broken",
					"{\"type\":\"objekt\",\"properties\":{\"level\":{\"minimum\":\"five\"}},\"required\":\"name\"}"))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("Schema 'broken' from component:test cannot be registered: "
						+ "it is not a valid schema (https://json-schema.org/draft/2020-12/schema)");
				assertThat(ex.getSchemaName()).isEqualTo("broken");
				assertThat(ex.getSource()).isEqualTo("component:test");
				assertThat(ex.getProblems()).anySatisfy((problem) -> assertThat(problem).startsWith("/type: "))
					.anySatisfy((problem) -> assertThat(problem).startsWith("/properties/level/minimum: "))
					.anySatisfy((problem) -> assertThat(problem).startsWith("/required: "));
			});
		assertThat(this.registry.schemas()).isEmpty();
	}

	@Test
	void registerWhenSchemaIsNeitherObjectNorBooleanShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> register("list", "[1, 2]"))
			.withMessageContaining("it must be a JSON object or a boolean, not array");
	}

	@Test
	void registerWhenDialectIsUnsupportedShouldFailNamingTheSupportedOnes() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("odd", "{\"$schema\":\"https://example.com/my-dialect\"}"))
			.withMessageContaining("$schema 'https://example.com/my-dialect' is not a supported draft")
			.withMessageContaining("https://json-schema.org/draft/2020-12/schema");
	}

	@Test
	void registerShouldHonourAnOlderDraftNamedBySchema() {
		String tuple = "{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}";
		assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> register("pair", tuple))
			.withMessageContaining("/items");
		RegisteredSchema schema = register("pair",
				"{\"$schema\":\"http://json-schema.org/draft-07/schema#\"," + tuple.substring(1));
		assertThat(schema.dialect()).isEqualTo("http://json-schema.org/draft-07/schema#");
		assertThat(this.registry.validate("pair", json("[\"a\",\"b\"]")).violations()).extracting(Violation::pointer)
			.containsExactly("/1");
	}

	@Test
	void registerShouldTolerateAnEmptyFragmentInSchema() {
		RegisteredSchema schema = register("level",
				"{\"$schema\":\"https://json-schema.org/draft/2020-12/schema#\",\"type\":\"number\"}");
		assertThat(schema.dialect()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.schema().get("$schema").asString()).endsWith("#");
		assertThat(this.registry.validate("level", json("\"high\"")).valid()).isFalse();
		assertThat(register("old", "{\"$schema\":\"http://json-schema.org/draft-07/schema\"}").dialect())
			.isEqualTo("http://json-schema.org/draft-07/schema#");
	}

	@Test
	void registerWhenRefCannotBeResolvedShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("dangling", "{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"))
			.withMessageStartingWith(
					"Schema 'dangling' from component:test cannot be registered: " + "it cannot be compiled: ")
			.withMessageContaining("/$defs/missing");
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("elsewhere", "{\"$ref\":\"urn:library:schema:nothing\"}"))
			.withMessageContaining("$ref 'urn:library:schema:nothing' names no registered schema");
	}

	@Test
	void registerWhenRefNamesAClasspathResourceShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("sneaky", "{\"$ref\":\"classpath:schemas/plant.tank.schema.json\"}"))
			.withMessageContaining("not allowed to be loaded");
	}

	@Test
	void refShouldResolveAnotherRegisteredSchemaByNameOrById() {
		register("tank", TANK);
		register("site", """
				{
				  "properties": {
				    "main": { "$ref": "urn:library:schema:tank" },
				    "spare": { "$ref": "https://example.com/tank.json" }
				  }
				}
				""");
		assertThat(this.registry.validate("site", json("{\"main\":{\"name\":\"a\"},\"spare\":{\"level\":1}}"))
			.violations()).extracting(Violation::pointer, Violation::keyword)
			.containsExactlyInAnyOrder(tuple("/main", "required"), tuple("/spare", "required"));
	}

	@Test
	void registerAllShouldLetSchemasOfOneBatchReferToEachOther() {
		this.registry
			.registerAll(List.of(
					new SchemaDefinition("site",
							json("{\"properties\":{\"main\":{\"$ref\":\"urn:library:schema:tank\"}}}"), "config"),
					new SchemaDefinition("tank", json(TANK), "config")));
		assertThat(this.registry.validate("site", json("{\"main\":{}}")).violations()).extracting(Violation::pointer)
			.containsExactly("/main", "/main");
	}

	@Test
	void registerAllShouldRegisterNothingWhenOneSchemaIsInvalid() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> this.registry.registerAll(List.of(new SchemaDefinition("good", json("{}"), "config"),
					new SchemaDefinition("bad", json("{\"type\":5}"), "config"))))
			.satisfies((ex) -> assertThat(ex.getSchemaName()).isEqualTo("bad"));
		assertThat(this.registry.schemas()).isEmpty();
	}

	@Test
	void registerWhenNameIsTakenByAnotherSourceShouldFailNamingBothSources() {
		register("tank", TANK);
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> this.registry.register("tank", json("{}"), "classpath:schemas/tank.schema.json"))
			.withMessage("Schema 'tank' from classpath:schemas/tank.schema.json cannot be registered: "
					+ "a schema of that name also comes from component:test");
		assertThat(this.registry.schema("tank").orElseThrow().source()).isEqualTo("component:test");
	}

	@Test
	void registerAllWhenNameIsGivenTwiceShouldFailNamingBothSources() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> this.registry
				.registerAll(List.of(new SchemaDefinition("tank", json("{}"), "classpath:schemas/a/tank.schema.json"),
						new SchemaDefinition("tank", json("{}"), "classpath:schemas/b/tank.schema.json"))))
			.withMessage("Schema 'tank' from classpath:schemas/b/tank.schema.json cannot be registered: "
					+ "a schema of that name also comes from classpath:schemas/a/tank.schema.json");
	}

	@Test
	void registerWhenNameIsTakenBySameSourceShouldReplaceTheSchema() {
		register("tank", TANK);
		register("tank", "{\"type\":\"string\"}");
		assertThat(this.registry.schemas()).hasSize(1);
		assertThat(this.registry.validate("tank", json("\"t1\"")).valid()).isTrue();
	}

	@Test
	void replacingASchemaShouldRecompileTheSchemasThatReferToIt() {
		register("level", "{\"type\":\"number\"}");
		register("tank", "{\"properties\":{\"level\":{\"$ref\":\"urn:library:schema:level\"}}}");
		assertThat(this.registry.validate("tank", json("{\"level\":500}")).valid()).isTrue();
		register("level", "{\"type\":\"number\",\"maximum\":100}");
		assertThat(this.registry.validate("tank", json("{\"level\":500}")).violations()).extracting(Violation::pointer)
			.containsExactly("/level");
	}

	@Test
	void registerWhenNameIsInvalidShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> register("Tank", "{}"))
			.withMessageContaining("its name must match [a-z0-9][a-z0-9._-]*");
		assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> register("-tank", "{}"));
		assertThatExceptionOfType(SchemaRegistrationException.class).isThrownBy(() -> register("a/b", "{}"));
	}

	@Test
	void registerWhenIdIsDeclaredByAnotherSchemaShouldFail() {
		register("tank", TANK);
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("other", "{\"$id\":\"https://example.com/tank.json\"}"))
			.withMessage("Schema 'other' from component:test cannot be registered: $id "
					+ "'https://example.com/tank.json' is already declared by schema 'tank' from component:test");
	}

	@Test
	void registerWhenKeyPrefixIsDeclaredByAnotherSchemaShouldFail() {
		register("tank", "{\"x-library-key-prefix\":\"plant/tank/\"}");
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> register("other", "{\"x-library-key-prefix\":\"plant/tank/\"}"))
			.withMessageContaining("x-library-key-prefix 'plant/tank/' is already declared by schema 'tank'");
	}

	@Test
	void schemaForKeyShouldReturnTheSchemaWithTheLongestMatchingPrefix() {
		register("plant", "{\"x-library-key-prefix\":\"plant\"}");
		register("tank", "{\"x-library-key-prefix\":\"plant.tank.\"}");
		register("plain", "{}");
		assertThat(this.registry.schemaForKey("plant.tank.3")).map(RegisteredSchema::name).contains("tank");
		assertThat(this.registry.schemaForKey("plant.tank")).map(RegisteredSchema::name).contains("plant");
		assertThat(this.registry.schemaForKey("plant.pump.1")).map(RegisteredSchema::name).contains("plant");
		assertThat(this.registry.schemaForKey("plant")).map(RegisteredSchema::name).contains("plant");
		assertThat(this.registry.schemaForKey("plant.tanker.1")).map(RegisteredSchema::name).contains("plant");
		assertThat(this.registry.schemaForKey("plantation.1")).isEmpty();
		assertThat(this.registry.schemaForKey("site.1")).isEmpty();
		assertThat(this.registry.schema("tank").orElseThrow().keyPrefix()).isEqualTo("plant.tank.");
	}

	@Test
	void booleanSchemaShouldBeAccepted() {
		register("nothing", "false");
		assertThat(this.registry.validate("nothing", json("{}")).valid()).isFalse();
		register("anything", "true");
		assertThat(this.registry.validate("anything", json("{}")).valid()).isTrue();
	}

	@Test
	void metricsShouldCountValidationsBySchemaAndOutcomeAndGaugeRegisteredSchemas() {
		register("tank", TANK);
		register("plain", "{}");
		this.registry.validate("tank", json("{\"name\":\"t\",\"level\":1}"));
		this.registry.validate("tank", json("{}"));
		this.registry.validate("tank", json("{}"));
		assertThat(this.meters.get("library.schema.registered").gauge().value()).isEqualTo(2);
		assertThat(this.meters.get("library.schema.validations")
			.tags("schema", "tank", "outcome", "valid")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("library.schema.validations")
			.tags("schema", "tank", "outcome", "invalid")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.meters.get("library.schema.validations").tags("schema", "plain").counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void unknownSchemaNamesShouldNotBecomeMetricTags() {
		assertThatExceptionOfType(SchemaNotFoundException.class)
			.isThrownBy(() -> this.registry.validate("made-up", json("{}")));
		assertThat(this.meters.find("library.schema.validations").tag("schema", "made-up").counters()).isEmpty();
	}

	@Test
	void registrationShouldBeSafeWhileOtherThreadsRegisterAndValidate() throws Exception {
		register("tank", TANK);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String name = "schema-" + i;
				futures.add(executor
					.submit(() -> this.registry.register(name, json("{\"type\":\"integer\"}"), "component:test")));
				futures.add(executor.submit(
						() -> assertThat(this.registry.validate("tank", json("{\"name\":\"t\",\"level\":1}")).valid())
							.isTrue()));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.registry.schemas()).hasSize(41);
		assertThat(this.registry.validate("schema-39", json("1")).valid()).isTrue();
	}

	private RegisteredSchema register(String name, String schema) {
		return this.registry.register(name, json(schema), "component:test");
	}

	static JsonNode json(String json) {
		return mapper.readTree(json);
	}

}
