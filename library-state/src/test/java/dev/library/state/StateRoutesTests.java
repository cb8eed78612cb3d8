package dev.library.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.schema.DefaultSchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StateRoutes} and {@link StateHandler}.
 *
 * @author Library
 */
class StateRoutesTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final String PUMP_SCHEMA = """
			{
			  "x-library-key-prefix": "plant.pump.",
			  "type": "object",
			  "required": ["rpm"],
			  "properties": {
			    "rpm": { "type": "integer", "minimum": 0, "maximum": 3000 },
			    "mode": { "enum": ["auto", "manual"] }
			  }
			}
			""";

	private final DefaultStateStore store;

	private final WebTestClient client;

	StateRoutesTests() {
		DefaultSchemaRegistry schemas = new DefaultSchemaRegistry(true, new SimpleMeterRegistry());
		schemas.register("plant.pump", mapper.readTree(PUMP_SCHEMA), "test");
		StateStoreOptions options = StateStoreOptions.defaults()
			.withMaxValueSize(DataSize.ofBytes(1024))
			.withRetention(Duration.ofDays(1), 5, Duration.ofHours(1));
		this.store = new DefaultStateStore(new InMemoryStatePersistence(5), options, mapper, schemas,
				new SimpleMeterRegistry(), Clock.systemUTC());
		this.store.start();
		this.client = WebTestClient
			.bindToRouterFunction(StateRoutes.create(new StateHandler(this.store, Duration.ofSeconds(15))))
			.handlerStrategies(problemStrategies())
			.configureClient()
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@AfterEach
	void stopStore() {
		this.store.stop();
	}

	@Test
	void putShouldCreateThenReplaceTheValueWithItsVersionAsETag() {
		put("plant.tank1.level", "{\"value\": 1.5}").expectStatus()
			.isCreated()
			.expectHeader()
			.location("/state/plant.tank1.level")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectHeader()
			.valueEquals(StateHandler.SEQUENCE_HEADER, "1")
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo("plant.tank1.level")
			.jsonPath("$.value.value")
			.isEqualTo(1.5)
			.jsonPath("$.version")
			.isEqualTo(1)
			.jsonPath("$.source")
			.isEqualTo("api")
			.jsonPath("$.quality")
			.isEqualTo("GOOD")
			.jsonPath("$.timestamp")
			.value((timestamp) -> assertThat(Instant.parse((String) timestamp)).isBeforeOrEqualTo(Instant.now()));
		this.client.put()
			.uri("/state/plant.tank1.level")
			.contentType(MediaType.APPLICATION_JSON)
			.header(StateHandler.SOURCE_HEADER, "adapter-7")
			.header(StateHandler.QUALITY_HEADER, "uncertain")
			.bodyValue("2.5")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"");
		this.client.get()
			.uri("/state/plant.tank1.level")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.value")
			.isEqualTo(2.5)
			.jsonPath("$.source")
			.isEqualTo("adapter-7")
			.jsonPath("$.quality")
			.isEqualTo("UNCERTAIN");
		this.client.get()
			.uri("/state/plant.tank1.level")
			.header(HttpHeaders.IF_NONE_MATCH, "\"2\"")
			.exchange()
			.expectStatus()
			.isNotModified();
	}

	@Test
	void getOfAMissingKeyShouldBeNotFoundProblem() {
		assertProblem(this.client.get().uri("/state/plant.nothing").exchange(), HttpStatus.NOT_FOUND, "state-not-found")
			.jsonPath("$.key")
			.isEqualTo("plant.nothing");
	}

	@Test
	void badKeysShouldBeBadRequestProblemsNamingTheKeyAndTheRule() {
		assertInvalidKey(put("", "1"), "empty");
		assertInvalidKey(put("plant..tank", "1"), "empty-segment");
		assertInvalidKey(put("plant.tank.", "1"), "empty-segment");
		assertInvalidKey(put("x".repeat(StateKeys.MAX_LENGTH + 1), "1"), "too-long");
		assertInvalidKey(put("plant.tank 1", "1"), "illegal-character").jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("' ' at position 10"));
		assertInvalidKey(put("plant/tank", "1"), "illegal-character");
		assertInvalidKey(put("plant.tänk", "1"), "illegal-character");
		assertInvalidKey(put("watch", "1"), "reserved");
		assertInvalidKey(this.client.get().uri("/state/a..b").exchange(), "empty-segment");
		assertInvalidKey(this.client.delete().uri("/state/a b").exchange(), "illegal-character");
	}

	@Test
	void valueLargerThanTheLimitShouldBePayloadTooLargeProblem() {
		assertProblem(put("plant.big", "\"" + "x".repeat(2000) + "\""), HttpStatus.CONTENT_TOO_LARGE,
				"payload-too-large")
			.jsonPath("$.limit")
			.isEqualTo(1024);
	}

	@Test
	void malformedJsonShouldBeBadRequestProblem() {
		assertProblem(put("plant.tank1", "{\"value\": }"), HttpStatus.BAD_REQUEST, "malformed-request");
		assertProblem(this.client.put().uri("/state/plant.tank1").contentType(MediaType.APPLICATION_JSON).exchange(),
				HttpStatus.BAD_REQUEST, "malformed-request");
	}

	@Test
	void bodyThatIsNotJsonShouldBeUnsupportedMediaTypeProblem() {
		assertProblem(
				this.client.put().uri("/state/plant.tank1").contentType(MediaType.TEXT_PLAIN).bodyValue("1").exchange(),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
	}

	@Test
	void valueThatDoesNotMatchTheSchemaOfItsKeyShouldListEveryViolation() {
		assertProblem(put("plant.pump.p1", "{\"rpm\": 9000, \"mode\": \"turbo\"}"), HttpStatus.BAD_REQUEST,
				"validation-failed")
			.jsonPath("$.schema")
			.isEqualTo("plant.pump")
			.jsonPath("$.detail")
			.isEqualTo("Value of key 'plant.pump.p1' does not match schema 'plant.pump': 2 violations")
			.jsonPath("$.violations[*].pointer")
			.value((pointers) -> assertThat(pointers).asString().contains("/rpm", "/mode"));
		put("plant.pump.p1", "{\"rpm\": 900}").expectStatus().isCreated();
		put("plant.pumphouse", "\"not a pump\"").expectStatus().isCreated();
	}

	@Test
	void ifMatchWithAnotherVersionShouldBePreconditionFailedProblem() {
		put("plant.valve", "\"open\"").expectStatus().isCreated();
		put("plant.valve", "\"closed\"").expectStatus().isOk();
		assertProblem(this.client.put()
			.uri("/state/plant.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.bodyValue("\"open\"")
			.exchange(), HttpStatus.PRECONDITION_FAILED, "precondition-failed").jsonPath("$.expectedVersion")
			.isEqualTo(1)
			.jsonPath("$.currentVersion")
			.isEqualTo(2);
		this.client.put()
			.uri("/state/plant.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "\"2\"")
			.bodyValue("\"open\"")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"3\"");
		assertProblem(this.client.put()
			.uri("/state/plant.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_NONE_MATCH, "*")
			.bodyValue("\"open\"")
			.exchange(), HttpStatus.PRECONDITION_FAILED, "precondition-failed");
		assertProblem(this.client.put()
			.uri("/state/plant.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "W/\"3\"")
			.bodyValue("\"open\"")
			.exchange(), HttpStatus.PRECONDITION_FAILED, "precondition-failed");
		assertProblem(this.client.put()
			.uri("/state/plant.other")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "*")
			.bodyValue("1")
			.exchange(), HttpStatus.PRECONDITION_FAILED, "precondition-failed");
		assertProblem(this.client.put()
			.uri("/state/plant.valve")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "3")
			.bodyValue("\"open\"")
			.exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter").jsonPath("$.parameter").isEqualTo("If-Match");
	}

	@Test
	void badRequestsShouldNeverAlterStoredData() {
		put("plant.tank9.level", "{\"value\": 3}").expectStatus().isCreated();
		put("plant.tank9.level", "{\"value\": }").expectStatus().isBadRequest();
		put("plant.tank9.level", "\"" + "x".repeat(2000) + "\"").expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		this.client.put()
			.uri("/state/plant.tank9.level")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("4")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		this.client.put()
			.uri("/state/plant.tank9.level")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "\"7\"")
			.bodyValue("5")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PRECONDITION_FAILED);
		this.client.put()
			.uri("/state/plant.tank9.level")
			.contentType(MediaType.APPLICATION_JSON)
			.header(StateHandler.QUALITY_HEADER, "PERFECT")
			.bodyValue("6")
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.delete()
			.uri("/state/plant.tank9.level")
			.header(HttpHeaders.IF_MATCH, "\"9\"")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PRECONDITION_FAILED);
		this.client.get()
			.uri("/state/plant.tank9.level")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody()
			.jsonPath("$.value.value")
			.isEqualTo(3);
		assertThat(this.store.status().committedSequence()).isEqualTo(1);
	}

	@Test
	void invalidSourceOrQualityHeadersShouldBeBadRequestProblemsNamingTheHeader() {
		assertProblem(this.client.put()
			.uri("/state/plant.a")
			.contentType(MediaType.APPLICATION_JSON)
			.header(StateHandler.QUALITY_HEADER, "PERFECT")
			.bodyValue("1")
			.exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter").jsonPath("$.parameter")
			.isEqualTo(StateHandler.QUALITY_HEADER);
		assertProblem(this.client.put()
			.uri("/state/plant.a")
			.contentType(MediaType.APPLICATION_JSON)
			.header(StateHandler.SOURCE_HEADER, "s".repeat(129))
			.bodyValue("1")
			.exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter").jsonPath("$.parameter")
			.isEqualTo(StateHandler.SOURCE_HEADER);
	}

	@Test
	void deleteShouldRemoveTheKeyAndAnswerNotFoundAfterwards() {
		put("plant.door", "\"closed\"").expectStatus().isCreated();
		assertProblem(this.client.delete().uri("/state/plant.door").header(HttpHeaders.IF_MATCH, "\"2\"").exchange(),
				HttpStatus.PRECONDITION_FAILED, "precondition-failed");
		this.client.delete()
			.uri("/state/plant.door")
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(StateHandler.SEQUENCE_HEADER, "2");
		assertProblem(this.client.delete().uri("/state/plant.door").exchange(), HttpStatus.NOT_FOUND,
				"state-not-found");
		assertProblem(this.client.get().uri("/state/plant.door").exchange(), HttpStatus.NOT_FOUND, "state-not-found");
		put("plant.door", "\"open\"").expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
	}

	@Test
	void listShouldPageThroughTheValuesUnderAPrefix() {
		for (String key : List.of("plant.tank1.level", "plant.tank1.temperature", "plant.tank10.level", "other")) {
			put(key, "1").expectStatus().isCreated();
		}
		this.client.get()
			.uri("/state?prefix=plant.tank1&limit=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.values[*].key")
			.isEqualTo(List.of("plant.tank1.level"));
		String cursor = nextCursor("/state?prefix=plant.tank1&limit=1");
		this.client.get()
			.uri("/state?prefix=plant.tank1&limit=1&cursor=" + cursor)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.values[*].key")
			.isEqualTo(List.of("plant.tank1.temperature"))
			.jsonPath("$.nextCursor")
			.isEmpty();
		assertProblem(this.client.get().uri("/state?prefix=plant..x").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("prefix");
		assertProblem(this.client.get().uri("/state?cursor=nonsense").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("cursor");
		assertProblem(this.client.get().uri("/state?limit=0").exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("limit");
	}

	@Test
	void eventsShouldPageThroughTheLogWithFilters() {
		Instant before = Instant.now();
		put("plant.a", "1").expectStatus().isCreated();
		put("plant.b", "2").expectStatus().isCreated();
		put("plant.a", "3").expectStatus().isOk();
		this.client.delete().uri("/state/plant.b").exchange().expectStatus().isNoContent();
		String cursor = nextCursor("/events?limit=2");
		this.client.get()
			.uri("/events?limit=2&cursor=" + cursor)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events[*].sequence")
			.isEqualTo(List.of(3, 4))
			.jsonPath("$.events[1].type")
			.isEqualTo("DELETE")
			.jsonPath("$.events[1].value")
			.doesNotExist()
			.jsonPath("$.nextCursor")
			.isEmpty();
		this.client.get()
			.uri("/events?key=plant.a")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events[*].value")
			.isEqualTo(List.of(1, 3));
		this.client.get()
			.uri("/events?prefix=plant&since=" + before + "&until=" + Instant.now().plusSeconds(60))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events.length()")
			.isEqualTo(4);
		this.client.get()
			.uri("/events?since=" + Instant.now().plusSeconds(60))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.events.length()")
			.isEqualTo(0);
		assertProblem(this.client.get().uri("/events?since=yesterday").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("since");
		assertProblem(this.client.get().uri("/events?key=plant.a&prefix=plant").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter");
		assertProblem(this.client.get().uri("/events?key=a b").exchange(), HttpStatus.BAD_REQUEST, "invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("key");
		assertProblem(this.client.get().uri("/events?cursor=" + cursorOfList()).exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("cursor");
	}

	@Test
	void watchFromAnIdOlderThanTheRetentionShouldSayItAndContinueWithWhatIsKept() {
		for (int i = 1; i <= 8; i++) {
			put("plant.counter", Integer.toString(i)).expectStatus().is2xxSuccessful();
		}
		// In memory a put is acknowledged before its commit: wait until retention has
		// seen
		// all 8 changes, as it would have long before a client reconnects.
		await().atMost(Duration.ofSeconds(20)).until(() -> this.store.status().committedSequence() == 8);
		List<ServerSentEvent<JsonNode>> events = this.client.get()
			.uri("/state/watch?prefix=plant")
			.header("Last-Event-ID", "1")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.getResponseBody()
			.filter((event) -> event.event() != null)
			.take(6)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(events.get(0).event()).isEqualTo("history-unavailable");
		assertThat(events.get(0).data().get("reason").asString()).isEqualTo("expired");
		assertThat(events.get(0).data().get("resumedAfter").asLong()).isEqualTo(3);
		assertThat(events.subList(1, 6)).extracting(ServerSentEvent::id).containsExactly("4", "5", "6", "7", "8");
		assertThat(events.subList(1, 6)).extracting(ServerSentEvent::event).containsOnly("change");
	}

	@Test
	void watchWithAMalformedLastEventIdShouldBeBadRequestProblem() {
		assertProblem(this.client.get().uri("/state/watch").header("Last-Event-ID", "abc").exchange(),
				HttpStatus.BAD_REQUEST, "invalid-parameter")
			.jsonPath("$.parameter")
			.isEqualTo("Last-Event-ID");
	}

	private String nextCursor(String uri) {
		JsonNode body = this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return body.get("nextCursor").asString();
	}

	private String cursorOfList() {
		put("plant.x1", "1").expectStatus().isCreated();
		put("plant.x2", "1").expectStatus().isCreated();
		return nextCursor("/state?limit=1");
	}

	private WebTestClient.ResponseSpec put(String key, String json) {
		return this.client.put()
			.uri((builder) -> builder.path("/state/").path(key).build())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private static WebTestClient.BodyContentSpec assertInvalidKey(WebTestClient.ResponseSpec response, String rule) {
		return assertProblem(response, HttpStatus.BAD_REQUEST, "invalid-state-key").jsonPath("$.rule").isEqualTo(rule);
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
			.jsonPath("$.detail")
			.exists();
	}

	private static HandlerStrategies problemStrategies() {
		return HandlerStrategies.empty()
			.codecs((codecs) -> codecs.registerDefaults(true))
			.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
			.build();
	}

}
