package dev.library.core.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MethodNotAllowedRouterFunction}.
 *
 * @author Library
 */
class MethodNotAllowedRouterFunctionTests {

	private final RouterFunction<ServerResponse> items = RouterFunctions.route()
		.GET("/items/{id}", (request) -> ServerResponse.ok().bodyValue("item " + request.pathVariable("id")))
		.PUT("/items/{id}", (request) -> ServerResponse.noContent().build())
		.path("/admin", (admin) -> admin.DELETE("/cache", (request) -> ServerResponse.noContent().build()))
		.build();

	private final RouterFunction<ServerResponse> other = RouterFunctions.route()
		.POST("/items/{id}/comments", (request) -> ServerResponse.accepted().build())
		.build();

	@Test
	void wrongMethodIsMethodNotAllowedListingTheAllowedMethodsOfEveryRoute() {
		WebTestClient client = client(this.items.and(this.other).and(fallback(this.items, this.other)));
		client.post()
			.uri("/items/42")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.ALLOW, (allow) -> assertThat(allow.split(",\\s*")).containsExactly("GET", "PUT"))
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(ProblemTypes.METHOD_NOT_ALLOWED.toString());
		client.get()
			.uri("/items/42/comments")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "POST");
	}

	@Test
	void wrongMethodOnANestedRouteIsMethodNotAllowed() {
		client(this.items.and(fallback(this.items))).get()
			.uri("/admin/cache")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "DELETE");
	}

	@Test
	void pathThatNoRouteKnowsIsLeftToTheNotFoundHandling() {
		client(this.items.and(fallback(this.items))).post()
			.uri("/orders")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(ProblemTypes.NOT_FOUND.toString());
	}

	@Test
	void requestThatARouteMatchesIsLeftToThatRouteEvenWhenTheFallbackIsAskedFirst() {
		// Router beans of equal order are combined in registration order, so the fallback
		// may be asked before routes registered after it
		WebTestClient client = client(fallback(this.items).and(this.items));
		client.get().uri("/items/42").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("item 42");
		client.put().uri("/items/42").exchange().expectStatus().isNoContent();
	}

	private static MethodNotAllowedRouterFunction fallback(RouterFunction<?>... routes) {
		return new MethodNotAllowedRouterFunction(() -> List.of(routes));
	}

	private static WebTestClient client(RouterFunction<ServerResponse> routes) {
		return WebTestClient.bindToRouterFunction(routes)
			.handlerStrategies(HandlerStrategies.empty()
				.codecs((codecs) -> codecs.registerDefaults(true))
				.localeContextResolver(new AcceptHeaderLocaleContextResolver())
				.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
				.build())
			.build();
	}

}
