package dev.library.core.component;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Runs a real {@link SpringApplication} whose components cannot start and checks the
 * report that Boot's failure analysis prints, through
 * {@link ComponentStartFailureAnalyzer} and {@link ComponentDependencyFailureAnalyzer} as
 * registered in {@code META-INF/spring.factories}.
 *
 * @author Library
 */
@ExtendWith(OutputCaptureExtension.class)
class ComponentFailureAnalyzersTests {

	@Test
	void componentThatFailsToStartStopsTheApplicationWithAReportNamingComponentAndCause(CapturedOutput output) {
		LifecycleLog log = new LifecycleLog();
		assertThatException().isThrownBy(() -> run(FailingBrokerConfiguration.class, log))
			.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(IOException.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Component 'broker' failed to start: port 1883 is already in use")
			.contains("If 'broker' is optional and the platform should run without it, set "
					+ "library.core.components.broker.fail-fast=false.");
		assertThat(log.entries).containsExactly("start audit", "start store", "start broker", "stop store",
				"stop audit");
	}

	@Test
	void componentsThatDependOnEachOtherStopTheApplicationWithAReportNamingTheCycle(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(CycleConfiguration.class, new LifecycleLog()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Components depend on each other in a cycle: alpha -> beta -> alpha")
			.contains("Remove one of the dependencies in the cycle alpha -> beta -> alpha");
	}

	private static void run(Class<?> configuration, LifecycleLog log) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers((context) -> context.getBeanFactory().registerSingleton("lifecycleLog", log));
		application.run("--spring.main.banner-mode=off", "--spring.main.log-startup-info=false");
	}

	static final class LifecycleLog {

		final List<String> entries = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(CoreAutoConfiguration.class)
	static class FailingBrokerConfiguration {

		@Bean
		LibraryComponent audit(LifecycleLog log) {
			return TestComponent.mandatory("audit", log.entries);
		}

		@Bean
		LibraryComponent store(LifecycleLog log) {
			return TestComponent.mandatory("store", log.entries);
		}

		@Bean
		LibraryComponent broker(LifecycleLog log) {
			return TestComponent.mandatory("broker", log.entries, "store")
				.failingToStartWith(new IOException("port 1883 is already in use"));
		}

		@Bean
		LibraryComponent dashboard(LifecycleLog log) {
			return TestComponent.mandatory("dashboard", log.entries, "broker");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(CoreAutoConfiguration.class)
	static class CycleConfiguration {

		@Bean
		LibraryComponent alpha() {
			return LibraryComponent.of(ComponentDescriptor.mandatory("alpha").dependsOn("beta").build());
		}

		@Bean
		LibraryComponent beta() {
			return LibraryComponent.of(ComponentDescriptor.mandatory("beta").dependsOn("alpha").build());
		}

	}

}
