package dev.library.benchmarks.minimal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A minimal Spring Boot WebFlux application with Actuator and nothing else: the baseline
 * of {@code benchmarks/startup.sh}. It exposes the same readiness probe as Library
 * ({@code GET /health/readyz}) so that both are measured the same way.
 * <p>
 * Its settings are read from {@code minimal.properties} rather than
 * {@code application.properties} so that they never leak into anything else that has this
 * module on its class path.
 *
 * @author Library
 */
@SpringBootApplication
public class MinimalApplication {

	/**
	 * Name of the configuration file (without extension) that holds the probe set-up.
	 */
	public static final String CONFIG_NAME = "minimal";

	public static void main(String[] args) {
		new SpringApplicationBuilder(MinimalApplication.class).properties("spring.config.name=" + CONFIG_NAME)
			.run(args);
	}

}
