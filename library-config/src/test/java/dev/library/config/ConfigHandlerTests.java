package dev.library.config;

import java.time.Instant;
import java.util.List;

import dev.library.config.autoconfigure.ConfigAutoConfiguration;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.web.ProblemDetailsExceptionHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigHandler} through the routes the auto-configuration registers.
 *
 * @author Library
 */
class ConfigHandlerTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, ConfigAutoConfiguration.class))
		.withPropertyValues("library.config.reload-history=3", "library.demo.api-token=t0ken",
				"library.demo.url=https://user:pa55@example.com/x", "library.core.stop-timeout=${grace}s", "grace=4");

	@Test
	void configurationListsTheEffectiveValuesWithTheirSourceAndDefaults() {
		this.runner.run((context) -> client(context).get()
			.uri("/config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.watchPath")
			.doesNotExist()
			.jsonPath("$.properties[?(@.name == 'library.core.stop-timeout')].value")
			.isEqualTo("4s")
			.jsonPath("$.properties[?(@.name == 'library.core.stop-timeout')].source")
			.isEqualTo("test")
			.jsonPath("$.properties[?(@.name == 'library.demo.api-token')].value")
			.isEqualTo(SecretRedactor.REDACTED)
			.jsonPath("$.properties[?(@.name == 'library.demo.url')].value")
			.isEqualTo("https://user:******@example.com/x")
			.jsonPath("$.properties[?(@.name == 'library.core.start-timeout')].value")
			.isEqualTo("30s")
			.jsonPath("$.properties[?(@.name == 'library.core.start-timeout')].source")
			.isEqualTo("default")
			.jsonPath("$.properties[?(@.name == 'grace')]")
			.doesNotExist());
	}

	@Test
	void reloadsAreListedNewestFirstUpToTheLimit() {
		this.runner.run((context) -> {
			ReloadHistory history = context.getBean(ReloadHistory.class);
			history.add(reload(1, ReloadOutcome.APPLIED));
			history.add(new ConfigurationReload(Instant.ofEpochSecond(2), "/etc/library/application.yaml",
					ReloadOutcome.RESTART_REQUIRED, List.of(new PropertyChange("library.api.max-body-size", "1MB",
							"2MB", ChangeStatus.RESTART_REQUIRED)),
					List.of(), "The changes need a restart to take effect"));
			client(context).get()
				.uri("/config/reloads?limit=1")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.reloads.length()")
				.isEqualTo(1)
				.jsonPath("$.reloads[0].time")
				.isEqualTo("1970-01-01T00:00:02Z")
				.jsonPath("$.reloads[0].outcome")
				.isEqualTo("restart-required")
				.jsonPath("$.reloads[0].changes[0].property")
				.isEqualTo("library.api.max-body-size")
				.jsonPath("$.reloads[0].changes[0].status")
				.isEqualTo("restart-required");
			client(context).get()
				.uri("/config/reloads")
				.exchange()
				.expectBody()
				.jsonPath("$.reloads[*].outcome")
				.isEqualTo(List.of("restart-required", "applied"));
		});
	}

	@Test
	void limitAboveTheHistorySizeIsABadRequestProblemNamingTheParameter() {
		this.runner.run((context) -> client(context).get()
			.uri("/config/reloads?limit=4")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("limit")
			.jsonPath("$.detail")
			.isEqualTo("Query parameter 'limit' must be an integer from 1 to 3, got '4'"));
	}

	private static WebTestClient client(AssertableReactiveWebApplicationContext context) {
		@SuppressWarnings("unchecked")
		RouterFunction<?> routes = context.getBean("configRoutes", RouterFunction.class);
		return WebTestClient.bindToRouterFunction(routes)
			.handlerStrategies(HandlerStrategies.builder()
				.exceptionHandler(new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create()))
				.build())
			.build();
	}

	private static ConfigurationReload reload(int second, ReloadOutcome outcome) {
		return new ConfigurationReload(Instant.ofEpochSecond(second), "/etc/library/application.yaml", outcome,
				List.of(), List.of(), null);
	}

}
