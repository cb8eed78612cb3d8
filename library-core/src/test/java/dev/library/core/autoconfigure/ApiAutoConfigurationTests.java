package dev.library.core.autoconfigure;

import java.util.List;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import dev.library.core.component.LibraryComponent;
import dev.library.core.web.MethodNotAllowedRouterFunction;
import dev.library.core.web.ProblemDetailsExceptionHandler;
import dev.library.core.web.ProblemTypes;
import dev.library.core.web.RequestBodyLimitFilter;
import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link ApiAutoConfiguration}.
 *
 * @author Library
 */
class ApiAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiAutoConfiguration.class, CoreAutoConfiguration.class,
				WebFluxAutoConfiguration.class, CodecsAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void defaultBeansRenderProblemsLimitBodiesAnswerWrongMethodsAndDescribeTheApi() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProblemDetailsExceptionHandler.class)
				.hasSingleBean(RequestBodyLimitFilter.class)
				.hasBean("methodNotAllowedHandlerMapping")
				.hasSingleBean(OpenAPI.class)
				.hasBean("apiComponent");
			assertThat(context.getBean(OpenAPI.class).getInfo().getTitle()).isEqualTo("Library");
			assertThat(context.getBean(ComponentRegistry.class).components())
				.extracting(ComponentStatus::name, ComponentStatus::state)
				.containsExactly(tuple("core", ComponentState.RUNNING), tuple("api", ComponentState.RUNNING));
			assertThat(context.getBean(ComponentRegistry.class).dependents("core")).containsExactly("api");
		});
	}

	@Test
	void userProblemDetailsExceptionHandlerBacksOff() {
		this.contextRunner
			.withBean("myProblemHandler", ProblemDetailsExceptionHandler.class,
					() -> new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
			.run((context) -> assertThat(context).hasSingleBean(ProblemDetailsExceptionHandler.class)
				.hasBean("myProblemHandler"));
	}

	@Test
	void userRequestBodyLimitFilterBacksOff() {
		RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofKilobytes(1));
		this.contextRunner.withBean(RequestBodyLimitFilter.class, () -> filter)
			.run((context) -> assertThat(context).getBean(RequestBodyLimitFilter.class).isSameAs(filter));
	}

	@Test
	void userMethodNotAllowedHandlerMappingBacksOff() {
		RouterFunctionMapping fallback = new RouterFunctionMapping(new MethodNotAllowedRouterFunction(List::of));
		this.contextRunner.withBean("methodNotAllowedHandlerMapping", RouterFunctionMapping.class, () -> fallback)
			.run((context) -> assertThat(context).getBean("methodNotAllowedHandlerMapping").isSameAs(fallback));
	}

	@Test
	void methodNotAllowedFallbackNeverShadowsARouteWithTheLowestPrecedence() {
		this.contextRunner
			.withBean("lastRoute", RouterFunction.class,
					() -> RouterFunctions.route().PUT("/late", (request) -> ServerResponse.noContent().build()).build())
			.run((context) -> {
				WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
				client.put().uri("/late").exchange().expectStatus().isNoContent();
				client.get()
					.uri("/late")
					.exchange()
					.expectStatus()
					.isEqualTo(405)
					.expectHeader()
					.valueEquals("Allow", "PUT");
			});
	}

	@Test
	void userOpenApiBacksOff() {
		OpenAPI openApi = new OpenAPI();
		this.contextRunner.withBean(OpenAPI.class, () -> openApi)
			.run((context) -> assertThat(context).getBean(OpenAPI.class).isSameAs(openApi));
	}

	@Test
	void userLibraryComponentAppearsInTheRegistryAfterTheApi() {
		this.contextRunner
			.withBean("reportsComponent", LibraryComponent.class,
					() -> LibraryComponent.of(ComponentDescriptor.mandatory("reports").dependsOn("api").build()))
			.run((context) -> assertThat(context.getBean(ComponentRegistry.class).components())
				.extracting(ComponentStatus::name, ComponentStatus::state)
				.containsExactly(tuple("core", ComponentState.RUNNING), tuple("api", ComponentState.RUNNING),
						tuple("reports", ComponentState.RUNNING)));
	}

	@Test
	void apiIsNotConfiguredOutsideAReactiveWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ApiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemDetailsExceptionHandler.class)
				.doesNotHaveBean(RequestBodyLimitFilter.class)
				.doesNotHaveBean("apiComponent"));
	}

	@Test
	void everyErrorOfTheApplicationIsAProblemAndBodiesAreLimitedByTheConfiguredSize() {
		this.contextRunner.withBean("echoRoutes", RouterFunction.class, ApiAutoConfigurationTests::echoRoutes)
			.withPropertyValues("library.api.max-body-size=16B")
			.run((context) -> {
				WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
				client.post()
					.uri("/echo")
					.contentType(MediaType.TEXT_PLAIN)
					.bodyValue("short")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.isEqualTo("short");
				assertProblem(client.post()
					.uri("/echo")
					.contentType(MediaType.TEXT_PLAIN)
					.bodyValue("longer than sixteen bytes")
					.exchange(), HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE.toString());
				assertProblem(client.delete().uri("/echo").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
						ProblemTypes.METHOD_NOT_ALLOWED.toString())
					.expectHeader()
					.value(HttpHeaders.ALLOW,
							(allow) -> assertThat(allow.split(",\\s*")).containsExactly("GET", "POST"));
				assertProblem(client.delete().uri("/components").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
						ProblemTypes.METHOD_NOT_ALLOWED.toString())
					.expectHeader()
					.valueEquals(HttpHeaders.ALLOW, "GET");
				assertProblem(client.get().uri("/no/such/path").exchange(), HttpStatus.NOT_FOUND,
						ProblemTypes.NOT_FOUND.toString());
				assertProblem(client.get().uri("/echo/boom").exchange(), HttpStatus.INTERNAL_SERVER_ERROR,
						ProblemTypes.INTERNAL_ERROR.toString())
					.expectBody(String.class)
					.value((body) -> assertThat(body).doesNotContain("secret", "IllegalStateException"));
				client.get().uri("/components").exchange().expectStatus().isOk();
			});
	}

	private static RouterFunction<ServerResponse> echoRoutes() {
		return RouterFunctions.route()
			.GET("/echo", (request) -> ServerResponse.ok().bodyValue("echo"))
			.POST("/echo",
					(request) -> request.bodyToMono(String.class)
						.flatMap((body) -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(body)))
			.GET("/echo/boom", (request) -> Mono.error(new IllegalStateException("secret")))
			.build();
	}

	private static WebTestClient.ResponseSpec assertProblem(WebTestClient.ResponseSpec response, HttpStatus status,
			String type) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(type)
			.jsonPath("$.status")
			.isEqualTo(status.value());
		return response;
	}

}
