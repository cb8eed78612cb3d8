package dev.library.benchmarks.startup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.core.metrics.StartupStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupSteps}.
 *
 * @author Library
 */
class StartupStepsTests {

	private static final Map<String, String> TYPES = Map.of("outer", "org.springdoc.core.service.OpenAPIService",
			"inner", "dev.library.core.component.ComponentRegistry", "other",
			"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration");

	@Test
	void selfTimeOfAStepExcludesItsChildren() {
		List<TimelineEvent> events = nestedBeans();
		StartupSteps steps = new StartupSteps(events, TYPES::get);
		Map<Long, Duration> self = steps.selfTimes();
		TimelineEvent outer = event(events, "outer");
		TimelineEvent inner = event(events, "inner");
		assertThat(self.get(outer.getStartupStep().getId())).isEqualTo(outer.getDuration().minus(inner.getDuration()));
		assertThat(self.get(inner.getStartupStep().getId())).isEqualTo(inner.getDuration());
	}

	@Test
	void beanSelfTimesAddUpToTheOutermostBeansAndAreGroupedByOrigin() {
		List<TimelineEvent> events = nestedBeans();
		StartupSteps steps = new StartupSteps(events, TYPES::get);
		Map<String, Duration> origins = steps.byOrigin();
		assertThat(origins).containsOnlyKeys("org.springdoc.core", "dev.library.core",
				"org.springframework.boot.webflux");
		Duration total = origins.values().stream().reduce(Duration.ZERO, Duration::plus);
		assertThat(total).isEqualTo(event(events, "outer").getDuration().plus(event(events, "other").getDuration()));
		assertThat(steps.byBean()).containsKey("inner (dev.library.core.component.ComponentRegistry)");
	}

	@Test
	void stepsOtherThanBeansAreReportedByName() {
		StartupSteps steps = new StartupSteps(nestedBeans(), TYPES::get);
		assertThat(steps.byOtherStep()).containsOnlyKeys("spring.context.refresh");
	}

	@Test
	void beanWithoutAKnownTypeFallsBackToItsTypeTag() {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10);
		startup.start("spring.beans.instantiate").tag("beanName", "x").tag("beanType", "io.opentelemetry.sdk.X").end();
		StartupSteps steps = new StartupSteps(startup.getBufferedTimeline().getEvents(), (name) -> null);
		assertThat(steps.byOrigin()).containsOnlyKeys("io.opentelemetry.sdk");
	}

	@Test
	void originKeepsFourPackageSegmentsForSpringAndThreeForOthers() {
		assertThat(StartupSteps.origin("org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration"))
			.isEqualTo("org.springframework.boot.webflux");
		assertThat(StartupSteps.origin("io.opentelemetry.sdk.trace.SdkTracerProvider"))
			.isEqualTo("io.opentelemetry.sdk");
		assertThat(StartupSteps.origin("dev.library.core.Thing")).isEqualTo("dev.library.core");
		assertThat(StartupSteps.origin("a.B")).isEqualTo("a");
		assertThat(StartupSteps.origin("Plain")).isEqualTo("Plain");
	}

	private static List<TimelineEvent> nestedBeans() {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10);
		StartupStep refresh = startup.start("spring.context.refresh");
		StartupStep outer = startup.start("spring.beans.instantiate").tag("beanName", "outer");
		startup.start("spring.beans.instantiate").tag("beanName", "inner").end();
		outer.end();
		startup.start("spring.beans.instantiate").tag("beanName", "other").end();
		refresh.end();
		return startup.getBufferedTimeline().getEvents();
	}

	private static TimelineEvent event(List<TimelineEvent> events, String beanName) {
		return events.stream()
			.filter((event) -> beanName.equals(StartupSteps.tag(event.getStartupStep(), "beanName")))
			.findFirst()
			.orElseThrow();
	}

}
