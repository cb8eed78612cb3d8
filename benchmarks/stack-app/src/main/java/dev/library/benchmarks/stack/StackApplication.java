package dev.library.benchmarks.stack;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The starters Library is built on (WebFlux, Actuator with Prometheus, Spring Security
 * with the OAuth2 resource server, OpenTelemetry, springdoc, Bean Validation, mail) with
 * one validated properties class, one security filter chain and one route: the least an
 * application on that stack does. {@code benchmarks/startup.sh} starts it as the
 * {@code stack} variant beside the minimal app and Library, so that a run shows how much
 * of Library's start-up time is the stack's and how much is Library's own.
 * <p>
 * Like Library it reads YAML ({@code stack.yaml}) and exposes its probes under
 * {@code /health} and Prometheus at {@code /metrics}, on the main port.
 *
 * @author Library
 */
@SpringBootApplication
@EnableConfigurationProperties(StackProperties.class)
public class StackApplication {

	/**
	 * Name of the configuration file (without extension).
	 */
	public static final String CONFIG_NAME = "stack";

	public static void main(String[] args) {
		new SpringApplicationBuilder(StackApplication.class).properties("spring.config.name=" + CONFIG_NAME).run(args);
	}

	@Bean
	SecurityWebFilterChain stackSecurityWebFilterChain(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/health/**", "/metrics")
				.permitAll()
				.anyExchange()
				.authenticated())
			.build();
	}

	@Bean
	RouterFunction<ServerResponse> greetingRoute(StackProperties properties) {
		return RouterFunctions.route()
			.GET("/greeting", (request) -> ServerResponse.ok().bodyValue(properties.getGreeting()))
			.build();
	}

}
