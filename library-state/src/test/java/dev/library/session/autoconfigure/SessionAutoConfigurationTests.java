package dev.library.session.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import dev.library.session.DefaultSessionRegistry;
import dev.library.session.ResourcePools;
import dev.library.session.Session;
import dev.library.session.SessionCloseReason;
import dev.library.session.SessionHandler;
import dev.library.session.SessionKindPolicy;
import dev.library.session.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SessionAutoConfiguration}.
 *
 * @author Library
 */
class SessionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, SessionAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void registryShouldRunWithTheSessionsComponent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DefaultSessionRegistry.class)
				.hasSingleBean(ResourcePools.class)
				.doesNotHaveBean(SessionHandler.class);
			ComponentStatus status = context.getBean(ComponentRegistry.class).component("sessions").orElseThrow();
			assertThat(status.state()).isEqualTo(ComponentState.RUNNING);
			assertThat(status.descriptor().optional()).isFalse();
		});
	}

	@Test
	void kindLimitsShouldOverrideTheDefaults() {
		this.contextRunner
			.withPropertyValues("library.sessions.idle-timeout=30m", "library.sessions.max-lifetime=1d",
					"library.sessions.kinds.api-watcher.idle-timeout=5m")
			.run((context) -> {
				SessionProperties properties = context.getBean(SessionProperties.class);
				assertThat(properties.policy("api-watcher"))
					.isEqualTo(new SessionKindPolicy(Duration.ofMinutes(5), Duration.ofDays(1)));
				assertThat(properties.policy("other"))
					.isEqualTo(new SessionKindPolicy(Duration.ofMinutes(30), Duration.ofDays(1)));
				assertThat(context.getBean(MeterRegistry.class)
					.get("library.sessions.open")
					.tag("kind", "api-watcher")
					.gauge()
					.value()).isZero();
			});
	}

	@Test
	void persistentKindsShouldBeKeptUnderTheDataDirectoryAcrossARestart(@TempDir Path dataDir) {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("library.state.data-dir=" + dataDir,
				"library.sessions.kinds.homekit-pairing.persistent=true");
		List<String> ids = new ArrayList<>();
		runner.run((context) -> {
			SessionRegistry registry = context.getBean(SessionRegistry.class);
			ids.add(registry.open("homekit-pairing", "controller:1", Map.of()).id());
			registry.open("api-watcher", "client:1", Map.of());
		});
		assertThat(dataDir.resolve("sessions/persistent-sessions.json")).content().contains(ids.get(0));
		runner.run((context) -> assertThat(context.getBean(SessionRegistry.class).list(null)).singleElement()
			.satisfies((session) -> assertThat(session.id()).isEqualTo(ids.get(0))));
	}

	@Test
	void withoutPersistentKindsNoFileShouldBeWritten(@TempDir Path dataDir) {
		this.contextRunner.withPropertyValues("library.state.data-dir=" + dataDir).run((context) -> {
			context.getBean(SessionRegistry.class).open("api-watcher", "client:1", Map.of());
			context.getBean(DefaultSessionRegistry.class).stop();
		});
		assertThat(dataDir.resolve("sessions")).doesNotExist();
	}

	@Test
	void sweeperShouldCloseSessionsPastTheirIdleTimeout() {
		this.contextRunner
			.withPropertyValues("library.sessions.kinds.short.idle-timeout=100ms",
					"library.sessions.sweep-interval=20ms")
			.run((context) -> {
				List<SessionCloseReason> reasons = new ArrayList<>();
				Session session = context.getBean(SessionRegistry.class)
					.open("short", "test", Map.of(), (info, reason) -> reasons.add(reason));
				await().atMost(Duration.ofSeconds(5)).until(session::isClosed);
				assertThat(reasons).containsExactly(SessionCloseReason.IDLE);
			});
	}

	@Test
	void stoppingTheContextShouldCloseEverySession() {
		List<SessionCloseReason> reasons = new ArrayList<>();
		this.contextRunner.run((context) -> context.getBean(SessionRegistry.class)
			.open("api-watcher", "test", Map.of(), (info, reason) -> reasons.add(reason)));
		assertThat(reasons).containsExactly(SessionCloseReason.SHUTDOWN);
	}

	@Test
	void anInvalidSweepIntervalShouldStopStartUp() {
		this.contextRunner.withPropertyValues("library.sessions.sweep-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("library.sessions"));
	}

	@Test
	void anInvalidConfiguredKindShouldStopStartUp() {
		this.contextRunner.withPropertyValues("library.sessions.kinds.Bad_Kind.idle-timeout=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Bad_Kind"));
	}

	@Test
	void userRegistryShouldBackOff() {
		this.contextRunner
			.withBean("customSessionRegistry", SessionRegistry.class,
					() -> new DefaultSessionRegistry((kind) -> SessionKindPolicy.UNLIMITED, new SimpleMeterRegistry(),
							java.time.Clock.systemUTC()))
			.run((context) -> {
				assertThat(context).hasSingleBean(SessionRegistry.class).hasBean("customSessionRegistry");
				assertThat(context.getBean(ComponentRegistry.class).component("sessions")).isPresent();
			});
	}

	@Test
	void routesShouldBeCreatedInAReactiveWebApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CoreAutoConfiguration.class, SessionAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(SessionHandler.class)
				.hasBean("sessionRoutes")
				.getBeans(RouterFunction.class)
				.isNotEmpty());
	}

}
