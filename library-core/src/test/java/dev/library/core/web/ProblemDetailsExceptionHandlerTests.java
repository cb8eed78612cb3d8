package dev.library.core.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProblemDetailsExceptionHandler} together with
 * {@link RequestBodyLimitFilter}, {@link MethodNotAllowedRouterFunction} and
 * {@link QueryParameters}: every error of a functional route becomes an
 * {@code application/problem+json} response with a stable type and nothing of the
 * server's internals.
 *
 * @author Library
 */
class ProblemDetailsExceptionHandlerTests {

	/**
	 * A qualified Java name such as {@code dev.library.core.web.Order} or
	 * {@code java.lang.Integer}.
	 */
	private static final String QUALIFIED_JAVA_NAME = "(?s).*\\b[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\.[A-Za-z].*";

	private static final int BODY_LIMIT = 256;

	private static final ParameterizedTypeReference<Map<String, Object>> PROBLEM = new ParameterizedTypeReference<>() {
	};

	private final RouterFunction<ServerResponse> routes = RouterFunctions.route()
		.POST("/orders",
				(request) -> request.bodyToMono(Order.class).flatMap((order) -> ServerResponse.ok().bodyValue(order)))
		.GET("/orders",
				(request) -> ServerResponse.ok()
					.bodyValue(Map.of("limit", QueryParameters.integer(request, "limit", 1, 100).orElse(10))))
		.POST("/shipments",
				(request) -> request.bodyToMono(Shipment.class)
					.flatMap((shipment) -> ServerResponse.ok().bodyValue(shipment)))
		.GET("/boom",
				(request) -> Mono.error(new IllegalStateException("Connection to jdbc:postgresql://db-01 refused")))
		.GET("/conflict", (request) -> Mono.error(new ErrorResponseException(HttpStatus.CONFLICT)))
		.GET("/gone", (request) -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such order")))
		.GET("/unavailable",
				(request) -> Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
						"Pool dev.library.internal.Pool exhausted")))
		.GET("/out-of-stock",
				(request) -> Mono.error(new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("out-of-stock"),
						"Out of stock", "Only 3 bolts are left")))
		.build();

	private final WebTestClient client = client((codecs) -> {
	}, (exchange, chain) -> chain.filter(exchange));

	@Test
	void fieldOfTheWrongTypeIsBadRequestNamingTheFieldAndPosition() {
		String detail = problem(postJson("/orders", "{\"item\": \"bolt\", \"count\": \"abc\"}"), HttpStatus.BAD_REQUEST,
				"malformed-request");
		assertThat(detail).startsWith("Field 'count': ")
			.contains("\"abc\"")
			.containsPattern("\\(line 1, column \\d+\\)");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void truncatedJsonIsBadRequestNamingThePosition() {
		String detail = problem(postJson("/orders", "{\"item\":\n  \"bolt\",\n \"count\":"), HttpStatus.BAD_REQUEST,
				"malformed-request");
		assertThat(detail).containsIgnoringCase("end-of-input").containsPattern("\\(line 3, column \\d+\\)");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void syntaxErrorIsBadRequestNamingThePosition() {
		String detail = problem(postJson("/orders", "{\"item\": \"bolt\",\n \"count\": 3,,}"), HttpStatus.BAD_REQUEST,
				"malformed-request");
		assertThat(detail).contains("(line 2, column ");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void wrongFieldInsideAListIsNamedWithItsIndex() {
		String detail = problem(
				postJson("/shipments", "{\"orders\": [{\"item\": \"bolt\", \"count\": 1}, {\"count\": true}]}"),
				HttpStatus.BAD_REQUEST, "malformed-request");
		assertThat(detail).startsWith("Field 'orders[1].count': ");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void bodyOfTheWrongShapeIsBadRequestNamingJsonTypesNotJavaClasses() {
		String detail = problem(postJson("/orders", "[1, 2]"), HttpStatus.BAD_REQUEST, "malformed-request");
		assertThat(detail).isEqualTo("Cannot deserialize value of type `object` from Array value (line 1, column 1)");
		detail = problem(postJson("/shipments", "{\"orders\": {\"item\": \"bolt\"}}"), HttpStatus.BAD_REQUEST,
				"malformed-request");
		assertThat(detail).startsWith("Field 'orders': Cannot deserialize value of type `array` from Object value");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void unknownEnumValueIsBadRequestListingTheAcceptedValues() {
		String detail = problem(postJson("/shipments", "{\"orders\": [], \"priority\": \"URGENT\"}"),
				HttpStatus.BAD_REQUEST, "malformed-request");
		assertThat(detail).startsWith("Field 'priority': ").contains("[HIGH, LOW]");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void unsupportedContentTypeIsUnsupportedMediaType() {
		String detail = problem(
				this.client.post().uri("/orders").contentType(MediaType.TEXT_PLAIN).bodyValue("item=bolt").exchange(),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
		assertThat(detail).contains("text/plain");
		assertThatNoJavaNameLeaks(detail);
	}

	@Test
	void wrongMethodOnAKnownPathIsMethodNotAllowedWithAllow() {
		WebTestClient.ResponseSpec response = this.client.delete().uri("/orders").exchange();
		problem(response, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
		response.expectHeader()
			.value(HttpHeaders.ALLOW, (allow) -> assertThat(allow.split(",\\s*")).containsExactly("GET", "POST"));
	}

	@Test
	void unknownPathIsNotFound() {
		problem(this.client.delete().uri("/invoices").exchange(), HttpStatus.NOT_FOUND, "not-found");
	}

	@Test
	void bodyLargerThanTheLimitIsContentTooLargeWhenContentLengthSaysSo() {
		AtomicLong contentLength = new AtomicLong();
		String detail = problem(client(recordContentLength(contentLength)).post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(orderOfSize(BODY_LIMIT + 1))
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
		assertThat(contentLength).hasValue(BODY_LIMIT + 1);
		assertThat(detail).isEqualTo("Request body exceeds the limit of " + BODY_LIMIT + " bytes");
	}

	@Test
	void bodyLargerThanTheLimitIsContentTooLargeWhenStreamedInChunks() {
		AtomicLong contentLength = new AtomicLong();
		String order = orderOfSize(BODY_LIMIT * 4);
		Flux<DataBuffer> chunks = Flux.range(0, 4)
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance
				.wrap(order.substring(chunk * BODY_LIMIT, (chunk + 1) * BODY_LIMIT).getBytes(StandardCharsets.UTF_8)));
		String detail = problem(client(recordContentLength(contentLength)).post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
		assertThat(contentLength).as("no Content-Length").hasValue(-1);
		assertThat(detail).isEqualTo("Request body exceeds the limit of " + BODY_LIMIT + " bytes");
	}

	@Test
	void bodyWithinTheLimitIsRead() {
		String order = orderOfSize(BODY_LIMIT);
		this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.count")
			.isEqualTo(1);
	}

	@Test
	void bodyLargerThanTheCodecBufferIsContentTooLarge() {
		WebTestClient client = client((codecs) -> codecs.defaultCodecs().maxInMemorySize(64),
				(exchange, chain) -> chain.filter(exchange));
		String detail = problem(client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(orderOfSize(128))
			.exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
		assertThat(detail).isEqualTo("Request body exceeds the configured limit");
	}

	@Test
	void unexpectedExceptionIsInternalErrorWithAGenericDetail() {
		WebTestClient.ResponseSpec response = this.client.get().uri("/boom").exchange();
		String detail = problem(response, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error");
		assertThat(detail)
			.isEqualTo("The request could not be completed because of an internal error; it has been logged");
		response.expectBody(String.class)
			.value((body) -> assertThat(body).doesNotContain("IllegalStateException", "jdbc", "db-01", "java.")
				.doesNotContainPattern(QUALIFIED_JAVA_NAME));
	}

	@Test
	void errorResponseWithoutATypeGetsTheStableTypeOfItsStatus() {
		problem(this.client.get().uri("/conflict").exchange(), HttpStatus.CONFLICT, "conflict");
		String detail = problem(this.client.get().uri("/gone").exchange(), HttpStatus.NOT_FOUND, "not-found");
		assertThat(detail).isEqualTo("No such order");
	}

	@Test
	void serverErrorResponseHidesItsDetail() {
		WebTestClient.ResponseSpec response = this.client.get().uri("/unavailable").exchange();
		String detail = problem(response, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
		assertThat(detail).doesNotContain("Pool");
	}

	@Test
	void problemExceptionKeepsItsTypeTitleAndDetail() {
		WebTestClient.ResponseSpec response = this.client.get().uri("/out-of-stock").exchange();
		String detail = problem(response, HttpStatus.CONFLICT, "out-of-stock");
		assertThat(detail).isEqualTo("Only 3 bolts are left");
		response.expectBody().jsonPath("$.title").isEqualTo("Out of stock");
	}

	@Test
	void queryParameterThatIsNotAnIntegerIsBadRequestNamingTheParameter() {
		WebTestClient.ResponseSpec response = this.client.get().uri("/orders?limit=ten").exchange();
		String detail = problem(response, HttpStatus.BAD_REQUEST, "invalid-parameter");
		assertThat(detail).isEqualTo("Query parameter 'limit' must be an integer from 1 to 100, got 'ten'");
		response.expectBody().jsonPath("$.parameter").isEqualTo("limit");
	}

	@Test
	void queryParameterOutOfRangeIsBadRequestNamingTheParameter() {
		WebTestClient.ResponseSpec response = this.client.get().uri("/orders?limit=101").exchange();
		String detail = problem(response, HttpStatus.BAD_REQUEST, "invalid-parameter");
		assertThat(detail).isEqualTo("Query parameter 'limit' must be an integer from 1 to 100, got '101'");
		response.expectBody().jsonPath("$.parameter").isEqualTo("limit");
	}

	@Test
	void queryParameterWithinRangeOrAbsentIsAccepted() {
		this.client.get()
			.uri("/orders?limit=100")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limit")
			.isEqualTo(100);
		this.client.get()
			.uri("/orders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limit")
			.isEqualTo(10);
	}

	@Test
	void problemNamesTheRequestPathAsInstance() {
		this.client.get().uri("/orders?limit=0").exchange().expectBody().jsonPath("$.instance").isEqualTo("/orders");
	}

	private WebTestClient client(WebFilter before) {
		return client((codecs) -> {
		}, before);
	}

	private WebTestClient client(Consumer<ServerCodecConfigurer> codecs, WebFilter before) {
		RouterFunction<ServerResponse> withFallback = this.routes
			.and(new MethodNotAllowedRouterFunction(() -> List.of(this.routes)));
		ServerCodecConfigurer problemCodecs = ServerCodecConfigurer.create();
		return WebTestClient.bindToRouterFunction(withFallback)
			.handlerStrategies(HandlerStrategies.empty().codecs((configurer) -> {
				configurer.registerDefaults(true);
				codecs.accept(configurer);
			})
				.localeContextResolver(new AcceptHeaderLocaleContextResolver())
				.webFilter(before)
				.webFilter(new RequestBodyLimitFilter(DataSize.ofBytes(BODY_LIMIT)))
				.exceptionHandler(new ProblemDetailsExceptionHandler(problemCodecs))
				.build())
			.build();
	}

	private static WebFilter recordContentLength(AtomicLong contentLength) {
		return (exchange, chain) -> {
			contentLength.set(exchange.getRequest().getHeaders().getContentLength());
			return chain.filter(exchange);
		};
	}

	private WebTestClient.ResponseSpec postJson(String path, String json) {
		return this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
	}

	/**
	 * Assert that the response is a problem of the given status and kind, with the
	 * problem content type, and return its detail.
	 */
	private static String problem(WebTestClient.ResponseSpec response, HttpStatus status, String kind) {
		Map<String, Object> problem = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(PROBLEM)
			.returnResult()
			.getResponseBody();
		assertThat(problem).containsEntry("type", URI.create(ProblemTypes.BASE + kind).toString())
			.containsEntry("status", status.value())
			.containsKeys("title", "instance")
			.doesNotContainKeys("trace", "exception", "stackTrace");
		return (String) problem.get("detail");
	}

	private static void assertThatNoJavaNameLeaks(String detail) {
		assertThat(detail).doesNotContainPattern(QUALIFIED_JAVA_NAME)
			.doesNotContain("Order", "Shipment", "Priority", "Exception", "JsonToken", "dev.library", "tools.jackson",
					"java.")
			.doesNotContain("\n");
	}

	/**
	 * A JSON order padded with spaces to exactly the given size in bytes.
	 */
	private static String orderOfSize(int size) {
		String order = "{\"item\": \"bolt\", \"count\": 1}";
		return order + " ".repeat(size - order.length());
	}

	record Order(String item, int count) {

	}

	record Shipment(List<Order> orders, Priority priority) {

	}

	enum Priority {

		LOW, HIGH

	}

}
