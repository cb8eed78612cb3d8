package dev.library.benchmarks.startup;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Starts an application with a {@link BufferingApplicationStartup} and prints where the
 * start-up time went: the self time (a step's duration less that of its child steps) of
 * the beans, grouped by the package their type comes from, and of the other steps.
 * <p>
 * Run by {@code benchmarks/startup-steps.sh} with the application's own class path:
 * {@code StartupSteps <application class> [top] [application arguments...]}. Recording
 * the steps slows the start down a little; the report is for finding what costs, not for
 * the figures in {@code benchmarks/README.md}.
 *
 * @author Library
 */
public final class StartupSteps {

	private static final String INSTANTIATE = "spring.beans.instantiate";

	private final List<TimelineEvent> events;

	private final Function<String, @Nullable String> beanTypes;

	StartupSteps(List<TimelineEvent> events, Function<String, @Nullable String> beanTypes) {
		this.events = events;
		this.beanTypes = beanTypes;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("Usage: StartupSteps <application class> <top> [application arguments...]");
			System.exit(2);
		}
		Class<?> source = Class.forName(args[0]);
		int top = Integer.parseInt(args[1]);
		SpringApplication application = new SpringApplication(source);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(500_000);
		application.setApplicationStartup(startup);
		long started = System.nanoTime();
		try (ConfigurableApplicationContext context = application.run(Arrays.copyOfRange(args, 2, args.length))) {
			Duration run = Duration.ofNanos(System.nanoTime() - started);
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			StartupSteps steps = new StartupSteps(startup.getBufferedTimeline().getEvents(),
					(name) -> typeOf(beanFactory, name));
			steps.print(System.out, run, beanFactory.getBeanDefinitionCount(), top);
		}
	}

	private static @Nullable String typeOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
		try {
			Class<?> type = beanFactory.getType(beanName, false);
			return (type != null) ? type.getName() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Self time of every step: its duration less the durations of its direct children.
	 * @return self time by step id
	 */
	Map<Long, Duration> selfTimes() {
		Map<Long, Duration> self = new HashMap<>();
		for (TimelineEvent event : this.events) {
			self.merge(event.getStartupStep().getId(), event.getDuration(), Duration::plus);
		}
		for (TimelineEvent event : this.events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null && self.containsKey(parent)) {
				self.merge(parent, event.getDuration().negated(), Duration::plus);
			}
		}
		return self;
	}

	/**
	 * Self time of bean instantiation grouped by the origin of the bean's type.
	 * @return self time by origin, longest first
	 */
	Map<String, Duration> byOrigin() {
		Map<Long, Duration> self = selfTimes();
		Map<String, Duration> origins = new HashMap<>();
		for (TimelineEvent event : this.events) {
			StartupStep step = event.getStartupStep();
			if (INSTANTIATE.equals(step.getName())) {
				origins.merge(origin(beanType(step)), self.get(step.getId()), Duration::plus);
			}
		}
		return longestFirst(origins);
	}

	/**
	 * Self time of each bean, with its type.
	 * @return self time by "bean name (type)", longest first
	 */
	Map<String, Duration> byBean() {
		Map<Long, Duration> self = selfTimes();
		Map<String, Duration> beans = new HashMap<>();
		for (TimelineEvent event : this.events) {
			StartupStep step = event.getStartupStep();
			if (INSTANTIATE.equals(step.getName())) {
				String name = tag(step, "beanName");
				beans.merge(name + " (" + beanType(step) + ")", self.get(step.getId()), Duration::plus);
			}
		}
		return longestFirst(beans);
	}

	/**
	 * Self time of the steps that are not bean instantiations, by step name.
	 * @return self time by step name, longest first
	 */
	Map<String, Duration> byOtherStep() {
		Map<Long, Duration> self = selfTimes();
		Map<String, Duration> steps = new HashMap<>();
		for (TimelineEvent event : this.events) {
			StartupStep step = event.getStartupStep();
			if (!INSTANTIATE.equals(step.getName())) {
				steps.merge(step.getName(), self.get(step.getId()), Duration::plus);
			}
		}
		return longestFirst(steps);
	}

	private String beanType(StartupStep step) {
		String name = tag(step, "beanName");
		String type = this.beanTypes.apply(name);
		if (type == null) {
			type = tag(step, "beanType");
		}
		return (type != null) ? type : "?";
	}

	static @Nullable String tag(StartupStep step, String key) {
		for (StartupStep.Tag tag : step.getTags()) {
			if (key.equals(tag.getKey())) {
				return tag.getValue();
			}
		}
		return null;
	}

	/**
	 * The package a type comes from, as deep as needed to tell modules apart: four
	 * segments for {@code org.springframework.*}
	 * ({@code org.springframework.boot.webflux}), three otherwise
	 * ({@code io.opentelemetry.sdk}, {@code dev.library.core}).
	 * @param type a class name
	 * @return its origin
	 */
	static String origin(String type) {
		String[] parts = type.split("\\.");
		int depth = type.startsWith("org.springframework.") ? 4 : 3;
		int packages = parts.length - 1;
		if (packages <= 0) {
			return type;
		}
		return String.join(".", Arrays.copyOfRange(parts, 0, Math.min(depth, packages)));
	}

	private static Map<String, Duration> longestFirst(Map<String, Duration> times) {
		Map<String, Duration> sorted = new LinkedHashMap<>();
		times.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()))
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	void print(PrintStream out, Duration run, int beanDefinitions, int top) {
		Duration beans = byOrigin().values().stream().reduce(Duration.ZERO, Duration::plus);
		out.printf("SpringApplication.run: %d ms, %d bean definitions, %d steps recorded, bean instantiation %d ms%n",
				run.toMillis(), beanDefinitions, this.events.size(), beans.toMillis());
		print(out, "Bean instantiation by origin (self time)", byOrigin(), top);
		print(out, "Beans (self time)", byBean(), top);
		print(out, "Other steps (self time)", byOtherStep(), top);
	}

	private static void print(PrintStream out, String title, Map<String, Duration> times, int top) {
		out.printf("%n%s%n", title);
		times.entrySet()
			.stream()
			.limit(top)
			.forEach((entry) -> out.printf("%7d ms  %s%n", entry.getValue().toMillis(), entry.getKey()));
	}

}
