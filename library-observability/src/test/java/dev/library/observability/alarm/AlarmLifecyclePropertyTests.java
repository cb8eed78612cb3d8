package dev.library.observability.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.library.core.web.ProblemException;
import dev.library.state.Quality;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests of the {@link AlarmEngine} life cycle: random sequences of
 * condition changes, passing time and operator actions keep its invariants.
 *
 * @author Library
 */
class AlarmLifecyclePropertyTests {

	private static final List<String> KEYS = List.of("plant.tank1.temperature", "plant.tank2.temperature");

	private static final String RUNNING = "plant.pump1.running";

	private static final List<AlarmDefinition> DEFINITIONS = List.of(
			AlarmDefinitions.limit("hot", "plant.*.temperature", AlarmConditionType.HI, 80, 1, Duration.ofSeconds(5),
					Duration.ofSeconds(3)),
			new AlarmDefinition("cold", "plant.tank1.temperature", AlarmConditionType.LO, 10.0, 0, null, Duration.ZERO,
					Duration.ZERO, null, null, AlarmSeverity.MINOR, "", null, Set.of(), null,
					new AlarmDefinition.Suppression(RUNNING, "false")),
			new AlarmDefinition("surge", "plant.tank1.temperature", AlarmConditionType.RATE_OF_CHANGE, 30.0, 5, null,
					Duration.ZERO, Duration.ofSeconds(2), null, Duration.ofSeconds(10), AlarmSeverity.MAJOR, "", null,
					Set.of(), null, null),
			AlarmDefinitions.of("stale", "plant.tank2.temperature", AlarmConditionType.STALE, null,
					Duration.ofSeconds(20), null));

	@Property(tries = 300)
	void randomSequencesShouldKeepTheLifeCycleInvariants(@ForAll("steps") @Size(max = 60) List<Step> steps) {
		TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));
		List<AlarmTransition> transitions = new ArrayList<>();
		AlarmEngine engine = new AlarmEngine(DEFINITIONS, clock, Duration.ofMinutes(30),
				(transition, alarm) -> transitions.add(transition));
		Set<String> seen = new java.util.HashSet<>();
		for (Step step : steps) {
			int before = transitions.size();
			List<Alarm> alarmsBefore = engine.alarms();
			boolean failed = step.apply(engine, clock);
			if (failed) {
				assertThat(transitions).as("a refused action changes nothing").hasSize(before);
				assertThat(engine.alarms()).isEqualTo(alarmsBefore);
			}
			engine.alarms().forEach((alarm) -> seen.add(alarm.id()));
			assertThat(engine.alarms()).extracting(Alarm::id).as("no alarm lost").containsAll(seen);
			engine.alarms().forEach(AlarmLifecyclePropertyTests::assertConsistent);
		}
		assertHistoryComplete(engine, transitions);
	}

	private static void assertConsistent(Alarm alarm) {
		switch (alarm.state()) {
			case OUT_OF_SERVICE -> assertThat(alarm.outOfService()).isTrue();
			case SHELVED -> assertThat(alarm.shelvedUntil()).isNotNull();
			case SUPPRESSED_BY_DESIGN -> assertThat(alarm.suppressed()).isTrue();
			case UNACK -> assertThat(alarm.active()).isTrue();
			case ACKED -> assertThat(alarm.active() && alarm.acknowledgedBy() != null).isTrue();
			case RTN_UNACK -> assertThat(alarm.active()).isFalse();
			case NORMAL -> assertThat(
					alarm.active() && !alarm.suppressed() && !alarm.outOfService() && alarm.shelvedUntil() == null)
				.as("an active alarm in service is not normal unless acknowledged and cleared")
				.isFalse();
		}
		if (alarm.state() != AlarmState.OUT_OF_SERVICE) {
			assertThat(alarm.outOfService()).isFalse();
			if (alarm.state() != AlarmState.SHELVED) {
				assertThat(alarm.shelvedUntil()).isNull();
			}
		}
	}

	private static void assertHistoryComplete(AlarmEngine engine, List<AlarmTransition> transitions) {
		Map<String, AlarmState> replayed = new HashMap<>();
		long sequence = 0;
		for (AlarmTransition transition : transitions) {
			assertThat(transition.sequence()).isGreaterThan(sequence);
			sequence = transition.sequence();
			AlarmState previous = replayed.getOrDefault(transition.alarmId(), AlarmState.NORMAL);
			assertThat(transition.from()).as("each transition starts where the previous ended").isEqualTo(previous);
			assertThat(transition.to()).isNotEqualTo(transition.from());
			replayed.put(transition.alarmId(), transition.to());
		}
		for (Alarm alarm : engine.alarms()) {
			assertThat(replayed.getOrDefault(alarm.id(), AlarmState.NORMAL))
				.as("the history of %s ends in its state", alarm.id())
				.isEqualTo(alarm.state());
		}
	}

	@Provide
	Arbitrary<List<Step>> steps() {
		Arbitrary<String> keys = Arbitraries.of(KEYS);
		Arbitrary<String> ids = Arbitraries.of("hot.plant.tank1.temperature", "hot.plant.tank2.temperature",
				"cold.plant.tank1.temperature", "stale.plant.tank2.temperature", "missing.alarm");
		Arbitrary<Step> write = Combinators
			.combine(keys, Arbitraries.doubles().between(0, 100).ofScale(1), Arbitraries.of(Quality.class))
			.as((key, value, quality) -> new Step("write " + key + "=" + value + " " + quality, (engine, clock) -> {
				engine.update(key, JsonNodeFactory.instance.numberNode(value), quality);
				return false;
			}));
		Arbitrary<Step> delete = keys.map((key) -> new Step("delete " + key, (engine, clock) -> {
			engine.delete(key);
			return false;
		}));
		Arbitrary<Step> running = Arbitraries.of(true, false)
			.map((value) -> new Step("running=" + value, (engine, clock) -> {
				engine.update(RUNNING, JsonNodeFactory.instance.booleanNode(value), Quality.GOOD);
				return false;
			}));
		Arbitrary<Step> time = Arbitraries.integers()
			.between(0, 900)
			.map((seconds) -> new Step("wait " + seconds, (engine, clock) -> {
				clock.advance(Duration.ofSeconds(seconds));
				engine.tick();
				return false;
			}));
		Arbitrary<Step> acknowledge = ids
			.map((id) -> action("ack " + id, (engine) -> engine.acknowledge(id, "op", null)));
		Arbitrary<Step> shelve = Combinators.combine(ids, Arbitraries.integers().between(-5, 2400))
			.as((id, seconds) -> action("shelve " + id + " " + seconds,
					(engine) -> engine.shelve(id, "op", Duration.ofSeconds(seconds), null)));
		Arbitrary<Step> unshelve = ids
			.map((id) -> action("unshelve " + id, (engine) -> engine.unshelve(id, "op", null)));
		Arbitrary<Step> outOfService = ids
			.map((id) -> action("oos " + id, (engine) -> engine.removeFromService(id, "admin", null)));
		Arbitrary<Step> inService = ids
			.map((id) -> action("in-service " + id, (engine) -> engine.returnToService(id, "admin", null)));
		return Arbitraries
			.frequencyOf(net.jqwik.api.Tuple.of(6, write), net.jqwik.api.Tuple.of(1, delete),
					net.jqwik.api.Tuple.of(1, running), net.jqwik.api.Tuple.of(4, time),
					net.jqwik.api.Tuple.of(3, acknowledge), net.jqwik.api.Tuple.of(2, shelve),
					net.jqwik.api.Tuple.of(1, unshelve), net.jqwik.api.Tuple.of(1, outOfService),
					net.jqwik.api.Tuple.of(1, inService))
			.list();
	}

	private static Step action(String description, java.util.function.Consumer<AlarmEngine> action) {
		return new Step(description, (engine, clock) -> {
			try {
				action.accept(engine);
				return false;
			}
			catch (ProblemException ex) {
				return true;
			}
		});
	}

	/**
	 * One step of a random sequence.
	 *
	 * @param description what it does, as jqwik reports a failing sequence
	 * @param action the step; returns whether the engine refused it
	 */
	record Step(String description, java.util.function.BiPredicate<AlarmEngine, TestClock> action) {

		boolean apply(AlarmEngine engine, TestClock clock) {
			return this.action.test(engine, clock);
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

}
