package dev.library.observability.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.library.state.Quality;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AlarmEngine}.
 *
 * @author Library
 */
class AlarmEngineTests {

	private static final String KEY = "plant.tank1.temperature";

	private static final String ID = "tank-hot." + KEY;

	private final TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));

	private final List<AlarmTransition> transitions = new ArrayList<>();

	private AlarmEngine engine(AlarmDefinition... definitions) {
		return new AlarmEngine(List.of(definitions), this.clock, Duration.ofHours(1),
				(transition, alarm) -> this.transitions.add(transition));
	}

	private static JsonNode number(double value) {
		return JsonNodeFactory.instance.numberNode(value);
	}

	private static JsonNode text(String value) {
		return JsonNodeFactory.instance.stringNode(value);
	}

	private AlarmState state(AlarmEngine engine, String id) {
		return engine.alarm(id).orElseThrow().state();
	}

	@Test
	void aLimitAlarmShouldGoThroughUnackAckedAndNormal() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		assertThat(state(engine, ID)).isEqualTo(AlarmState.NORMAL);
		engine.update(KEY, number(85.5), Quality.GOOD);
		Alarm alarm = engine.alarm(ID).orElseThrow();
		assertThat(alarm.state()).isEqualTo(AlarmState.UNACK);
		assertThat(alarm.message()).isEqualTo(KEY + " is 85.5 °C, above 80");
		this.clock.advance(Duration.ofSeconds(30));
		Alarm acknowledged = engine.acknowledge(ID, "olivia", "on it");
		assertThat(acknowledged.state()).isEqualTo(AlarmState.ACKED);
		assertThat(acknowledged.acknowledgedBy()).isEqualTo("olivia");
		engine.update(KEY, number(70), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.NORMAL);
		assertThat(this.transitions).extracting(AlarmTransition::to)
			.containsExactly(AlarmState.UNACK, AlarmState.ACKED, AlarmState.NORMAL);
		assertThat(this.transitions.get(1).who()).isEqualTo("olivia");
		assertThat(this.transitions.get(1).why()).isEqualTo("on it");
		assertThat(this.transitions.get(0).who()).isEqualTo(AlarmTransition.SYSTEM);
	}

	@Test
	void aRateOfChangeAlarmShouldFollowTheChangePerPeriodWithItsDeadband() {
		AlarmDefinition surge = new AlarmDefinition("tank-surge", KEY, AlarmConditionType.RATE_OF_CHANGE, 10.0, 2, null,
				Duration.ZERO, Duration.ZERO, null, Duration.ofMinutes(1), AlarmSeverity.MAJOR, "", "°C", Set.of(),
				null, null);
		AlarmEngine engine = engine(surge);
		String id = "tank-surge." + KEY;
		engine.update(KEY, number(20), Quality.GOOD);
		assertThat(state(engine, id)).as("one value has no rate").isEqualTo(AlarmState.NORMAL);
		this.clock.advance(Duration.ofSeconds(30));
		engine.update(KEY, number(24), Quality.GOOD); // 8 per minute
		assertThat(state(engine, id)).isEqualTo(AlarmState.NORMAL);
		this.clock.advance(Duration.ofSeconds(30));
		engine.update(KEY, number(19), Quality.GOOD); // 10 per minute, falling
		assertThat(state(engine, id)).isEqualTo(AlarmState.UNACK);
		assertThat(engine.alarm(id).orElseThrow().message())
			.isEqualTo(KEY + " is changing faster than 10 °C per PT1M (now 19.0 °C)");
		this.clock.advance(Duration.ofMinutes(1));
		engine.update(KEY, number(28), Quality.GOOD); // 9 per minute: inside the deadband
		assertThat(state(engine, id)).isEqualTo(AlarmState.UNACK);
		this.clock.advance(Duration.ofMinutes(1));
		engine.update(KEY, number(28), Quality.BAD);
		assertThat(state(engine, id)).as("a bad value keeps the verdict").isEqualTo(AlarmState.UNACK);
		this.clock.advance(Duration.ofMinutes(1));
		engine.update(KEY, number(35), Quality.GOOD); // 7 per minute
		assertThat(state(engine, id)).isEqualTo(AlarmState.RTN_UNACK);
	}

	@Test
	void patternsShouldMatchByTheirSegmentsInConfigurationOrder() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("any-hot", "plant.*.temperature", 80),
				AlarmDefinitions.hi("tank1-any", "plant.tank1.*", 50), AlarmDefinitions.hi("deep", "plant.*.*", 60),
				AlarmDefinitions.hi("short", "plant.*", 0));
		engine.update(KEY, number(90), Quality.GOOD);
		assertThat(this.transitions).extracting(AlarmTransition::alarmId)
			.containsExactly("any-hot." + KEY, "tank1-any." + KEY, "deep." + KEY);
		engine.update("plant.tank1.temperature.raw", number(90), Quality.GOOD);
		engine.update("plant.tank2.level", number(55), Quality.GOOD);
		assertThat(engine.alarms()).extracting(Alarm::id)
			.containsExactlyInAnyOrder("any-hot." + KEY, "tank1-any." + KEY, "deep." + KEY, "deep.plant.tank2.level");
	}

	@Test
	void redefiningShouldKeepTheLifeCycleAndEvaluateAgainUnderTheNewDefinition() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80), AlarmDefinitions.hi("tank-warm", KEY, 60),
				AlarmDefinitions.hi("tank-gone", KEY, 50));
		engine.update(KEY, number(85), Quality.GOOD);
		engine.acknowledge(ID, "token:operator", null);
		engine.shelve("tank-warm." + KEY, "token:operator", Duration.ofMinutes(10), "maintenance");
		this.transitions.clear();

		List<AlarmDefinition> changed = engine.redefine(List.of(AlarmDefinitions.hi("tank-hot", KEY, 82),
				AlarmDefinitions.hi("tank-warm", KEY, 90), AlarmDefinitions.hi("tank-new", "plant.tank9.level", 1)),
				"configuration reload");

		assertThat(changed).extracting(AlarmDefinition::name).containsExactly("tank-hot", "tank-warm", "tank-new");
		Alarm hot = engine.alarm(ID).orElseThrow();
		assertThat(hot.state()).as("still active above 82, still acknowledged").isEqualTo(AlarmState.ACKED);
		assertThat(hot.acknowledgedBy()).isEqualTo("token:operator");
		assertThat(hot.message()).contains("above 82");
		assertThat(engine.alarm("tank-warm." + KEY).orElseThrow().state()).isEqualTo(AlarmState.SHELVED);
		assertThat(engine.alarm("tank-gone." + KEY)).isEmpty();
		assertThat(engine.alarm("tank-new.plant.tank9.level")).isPresent();
		assertThat(this.transitions).singleElement().satisfies((transition) -> {
			assertThat(transition.alarmId()).isEqualTo("tank-gone." + KEY);
			assertThat(transition.to()).isEqualTo(AlarmState.NORMAL);
			assertThat(transition.why()).isEqualTo("configuration reload: definition removed");
		});

		engine.unshelve("tank-warm." + KEY, "token:operator", null);
		assertThat(engine.alarm("tank-warm." + KEY).orElseThrow().state()).as("85 is below the new limit of 90")
			.isEqualTo(AlarmState.NORMAL);
	}

	@Test
	void redefiningWithTheSameDefinitionsShouldChangeNothing() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		engine.update(KEY, number(85), Quality.GOOD);
		this.transitions.clear();
		assertThat(engine.redefine(List.of(AlarmDefinitions.hi("tank-hot", KEY, 80)), "configuration reload"))
			.isEmpty();
		assertThat(this.transitions).isEmpty();
		engine.update(KEY, number(70), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.RTN_UNACK);
	}

	@Test
	void aChatteringAlarmShouldBeShelvedBySystemAndReportedOnce() {
		AlarmEngine engine = new AlarmEngine(List.of(AlarmDefinitions.hi("tank-hot", KEY, 80)), this.clock,
				Duration.ofHours(1), new ChatterPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)),
				(transition, alarm) -> this.transitions.add(transition));
		for (int i = 0; i < 3; i++) {
			engine.update(KEY, number(85), Quality.GOOD);
			this.clock.advance(Duration.ofSeconds(5));
			engine.update(KEY, number(70), Quality.GOOD);
			this.clock.advance(Duration.ofSeconds(5));
		}
		assertThat(state(engine, ID)).isEqualTo(AlarmState.RTN_UNACK);
		engine.update(KEY, number(85), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.SHELVED);
		AlarmTransition shelved = this.transitions.get(this.transitions.size() - 1);
		assertThat(shelved.who()).isEqualTo(AlarmTransition.SYSTEM);
		assertThat(shelved.why()).isEqualTo("chattering: 4 activations within PT1M; shelved for PT10M");
		int recorded = this.transitions.size();
		for (int i = 0; i < 5; i++) {
			engine.update(KEY, number(70), Quality.GOOD);
			engine.update(KEY, number(85), Quality.GOOD);
		}
		assertThat(this.transitions).as("no more raises while shelved").hasSize(recorded);
		assertThat(engine.alarm(ID).orElseThrow().shelvedUntil()).isEqualTo(shelved.at().plus(Duration.ofMinutes(10)));
		this.clock.advance(Duration.ofMinutes(10));
		engine.tick();
		assertThat(state(engine, ID)).as("back from the condition once the shelve expires").isEqualTo(AlarmState.UNACK);
	}

	@Test
	void activationsSpreadBeyondTheWindowAreNotChatter() {
		AlarmEngine engine = new AlarmEngine(List.of(AlarmDefinitions.hi("tank-hot", KEY, 80)), this.clock,
				Duration.ofHours(1), new ChatterPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)),
				(transition, alarm) -> this.transitions.add(transition));
		for (int i = 0; i < 10; i++) {
			engine.update(KEY, number(85), Quality.GOOD);
			this.clock.advance(Duration.ofSeconds(10));
			engine.update(KEY, number(70), Quality.GOOD);
			this.clock.advance(Duration.ofSeconds(11));
		}
		assertThat(this.transitions).extracting(AlarmTransition::to).doesNotContain(AlarmState.SHELVED);
	}

	@Test
	void returningToNormalBeforeAcknowledgementShouldGiveRtnUnack() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		engine.update(KEY, number(90), Quality.GOOD);
		engine.update(KEY, number(60), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.RTN_UNACK);
		engine.update(KEY, number(90), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.UNACK);
		engine.update(KEY, number(60), Quality.GOOD);
		engine.acknowledge(ID, "olivia", null);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.NORMAL);
	}

	@Test
	void theDeadbandShouldHoldTheAlarmUntilTheValueIsBackPastIt() {
		AlarmEngine engine = engine(
				AlarmDefinitions.limit("tank-hot", KEY, AlarmConditionType.HI, 80, 2, Duration.ZERO, Duration.ZERO));
		engine.update(KEY, number(79.99), Quality.GOOD);
		assertThat(engine.alarm(ID).orElseThrow().active()).isFalse();
		engine.update(KEY, number(80), Quality.GOOD);
		assertThat(engine.alarm(ID).orElseThrow().active()).isTrue();
		engine.update(KEY, number(78.5), Quality.GOOD);
		engine.update(KEY, number(78), Quality.GOOD);
		assertThat(engine.alarm(ID).orElseThrow().active()).as("at limit minus deadband").isTrue();
		engine.update(KEY, number(77.99), Quality.GOOD);
		assertThat(engine.alarm(ID).orElseThrow().active()).isFalse();
	}

	@Test
	void aLowLimitShouldUseTheDeadbandAbove() {
		AlarmEngine engine = engine(
				AlarmDefinitions.limit("tank-cold", KEY, AlarmConditionType.LOLO, 5, 1, Duration.ZERO, Duration.ZERO));
		String id = "tank-cold." + KEY;
		engine.update(KEY, number(5), Quality.GOOD);
		assertThat(engine.alarm(id).orElseThrow().active()).isTrue();
		assertThat(engine.alarm(id).orElseThrow().message()).isEqualTo(KEY + " is 5.0 °C, below 5");
		engine.update(KEY, number(6), Quality.GOOD);
		assertThat(engine.alarm(id).orElseThrow().active()).isTrue();
		engine.update(KEY, number(6.01), Quality.GOOD);
		assertThat(engine.alarm(id).orElseThrow().active()).isFalse();
	}

	@Test
	void theOnDelayShouldIgnoreAShorterExcursion() {
		AlarmEngine engine = engine(AlarmDefinitions.limit("tank-hot", KEY, AlarmConditionType.HI, 80, 0,
				Duration.ofSeconds(10), Duration.ZERO));
		engine.update(KEY, number(90), Quality.GOOD);
		this.clock.advance(Duration.ofMillis(9999));
		engine.tick();
		engine.update(KEY, number(70), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(60));
		engine.tick();
		assertThat(this.transitions).isEmpty();
	}

	@Test
	void theOnDelayShouldRaiseTheAlarmOnceTheConditionHeldForIt() {
		AlarmEngine engine = engine(AlarmDefinitions.limit("tank-hot", KEY, AlarmConditionType.HI, 80, 0,
				Duration.ofSeconds(10), Duration.ZERO));
		engine.update(KEY, number(90), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(5));
		engine.update(KEY, number(95), Quality.GOOD);
		this.clock.advance(Duration.ofMillis(4999));
		engine.tick();
		assertThat(state(engine, ID)).isEqualTo(AlarmState.NORMAL);
		this.clock.advance(Duration.ofMillis(1));
		engine.tick();
		assertThat(state(engine, ID)).isEqualTo(AlarmState.UNACK);
		assertThat(engine.alarm(ID).orElseThrow().message()).contains("95.0");
	}

	@Test
	void theOffDelayShouldKeepTheAlarmActiveUntilTheConditionStayedClear() {
		AlarmEngine engine = engine(AlarmDefinitions.limit("tank-hot", KEY, AlarmConditionType.HI, 80, 0, Duration.ZERO,
				Duration.ofSeconds(10)));
		engine.update(KEY, number(90), Quality.GOOD);
		engine.update(KEY, number(70), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(9));
		engine.tick();
		engine.update(KEY, number(90), Quality.GOOD);
		engine.update(KEY, number(70), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(9));
		engine.tick();
		assertThat(state(engine, ID)).isEqualTo(AlarmState.UNACK);
		this.clock.advance(Duration.ofSeconds(1));
		engine.tick();
		assertThat(state(engine, ID)).isEqualTo(AlarmState.RTN_UNACK);
		assertThat(this.transitions).hasSize(2);
	}

	@Test
	void aPatternShouldRaiseOneAlarmPerMatchingKey() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("hot", "plant.*.temperature", 80));
		engine.update("plant.tank1.temperature", number(90), Quality.GOOD);
		engine.update("plant.tank2.temperature", number(91), Quality.GOOD);
		engine.update("plant.tank2.level", number(91), Quality.GOOD);
		engine.update("plant.a.b.temperature", number(91), Quality.GOOD);
		assertThat(engine.alarms()).extracting(Alarm::id)
			.containsExactly("hot.plant.tank1.temperature", "hot.plant.tank2.temperature");
	}

	@Test
	void aBadValueShouldNotClearALimitAlarmButRaiseABadQualityAlarm() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80),
				AlarmDefinitions.of("tank-bad", KEY, AlarmConditionType.BAD_QUALITY, null, null, null));
		engine.update(KEY, number(90), Quality.GOOD);
		engine.update(KEY, number(0), Quality.BAD);
		assertThat(engine.alarm(ID).orElseThrow().active()).isTrue();
		assertThat(state(engine, "tank-bad." + KEY)).isEqualTo(AlarmState.UNACK);
		assertThat(engine.alarm("tank-bad." + KEY).orElseThrow().message()).isEqualTo(KEY + " has bad quality");
	}

	@Test
	void discreteConditionsShouldCompareTheValueText() {
		AlarmEngine engine = engine(
				AlarmDefinitions.of("pump-tripped", "plant.pump1.state", AlarmConditionType.EQUALS, "TRIPPED", null,
						null),
				AlarmDefinitions.of("valve-not-open", "plant.valve1.open", AlarmConditionType.DIFFERS, "true", null,
						null));
		engine.update("plant.pump1.state", text("RUNNING"), Quality.GOOD);
		engine.update("plant.valve1.open", JsonNodeFactory.instance.booleanNode(true), Quality.GOOD);
		assertThat(engine.alarms()).allMatch((alarm) -> alarm.state() == AlarmState.NORMAL);
		engine.update("plant.pump1.state", text("TRIPPED"), Quality.GOOD);
		engine.update("plant.valve1.open", JsonNodeFactory.instance.booleanNode(false), Quality.GOOD);
		assertThat(engine.alarms()).allMatch((alarm) -> alarm.state() == AlarmState.UNACK);
		assertThat(engine.alarm("valve-not-open.plant.valve1.open").orElseThrow().message())
			.isEqualTo("plant.valve1.open is false, not true");
	}

	@Test
	void aKeyNotUpdatedForItsPeriodShouldBeStale() {
		AlarmEngine engine = engine(
				AlarmDefinitions.of("feed-stale", KEY, AlarmConditionType.STALE, null, Duration.ofSeconds(30), null));
		String id = "feed-stale." + KEY;
		this.clock.advance(Duration.ofSeconds(20));
		engine.update(KEY, number(1), Quality.GOOD);
		this.clock.advance(Duration.ofSeconds(29));
		engine.tick();
		assertThat(state(engine, id)).isEqualTo(AlarmState.NORMAL);
		this.clock.advance(Duration.ofSeconds(1));
		engine.tick();
		assertThat(state(engine, id)).isEqualTo(AlarmState.UNACK);
		engine.update(KEY, number(2), Quality.GOOD);
		assertThat(state(engine, id)).isEqualTo(AlarmState.RTN_UNACK);
	}

	@Test
	void aShelvedAlarmShouldBeUnshelvedWhenItsShelveExpires() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		engine.update(KEY, number(90), Quality.GOOD);
		Alarm shelved = engine.shelve(ID, "olivia", Duration.ofMinutes(10), "sensor being replaced");
		assertThat(shelved.state()).isEqualTo(AlarmState.SHELVED);
		assertThat(shelved.shelvedUntil()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));
		engine.update(KEY, number(60), Quality.GOOD);
		engine.update(KEY, number(95), Quality.GOOD);
		assertThat(state(engine, ID)).isEqualTo(AlarmState.SHELVED);
		this.clock.advance(Duration.ofMinutes(10));
		engine.tick();
		assertThat(state(engine, ID)).as("still active after the shelve").isEqualTo(AlarmState.UNACK);
		assertThat(this.transitions.get(this.transitions.size() - 1).why()).isEqualTo("shelve expired");
	}

	@Test
	void anAlarmUnshelvedWhileClearShouldBeNormal() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		engine.update(KEY, number(90), Quality.GOOD);
		engine.shelve(ID, "olivia", Duration.ofMinutes(10), null);
		engine.update(KEY, number(60), Quality.GOOD);
		assertThat(engine.unshelve(ID, "olivia", null).state()).isEqualTo(AlarmState.NORMAL);
	}

	@Test
	void aDesignConditionShouldSuppressTheAlarm() {
		AlarmEngine engine = engine(AlarmDefinitions.of("pump-flow", "plant.pump1.flow", AlarmConditionType.EQUALS, "0",
				null, new AlarmDefinition.Suppression("plant.pump1.running", "false")));
		String id = "pump-flow.plant.pump1.flow";
		engine.update("plant.pump1.running", JsonNodeFactory.instance.booleanNode(false), Quality.GOOD);
		engine.update("plant.pump1.flow", number(0).deepCopy(), Quality.GOOD);
		engine.update("plant.pump1.flow", JsonNodeFactory.instance.numberNode(0), Quality.GOOD);
		assertThat(state(engine, id)).isEqualTo(AlarmState.SUPPRESSED_BY_DESIGN);
		engine.update("plant.pump1.running", JsonNodeFactory.instance.booleanNode(true), Quality.GOOD);
		assertThat(state(engine, id)).isEqualTo(AlarmState.UNACK);
	}

	@Test
	void outOfServiceShouldWinOverEveryOtherState() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		engine.update(KEY, number(90), Quality.GOOD);
		engine.shelve(ID, "olivia", Duration.ofMinutes(10), null);
		assertThat(engine.removeFromService(ID, "adam", "maintenance").state()).isEqualTo(AlarmState.OUT_OF_SERVICE);
		this.clock.advance(Duration.ofMinutes(10));
		engine.tick();
		assertThat(state(engine, ID)).isEqualTo(AlarmState.OUT_OF_SERVICE);
		assertThat(engine.returnToService(ID, "adam", null).state()).isEqualTo(AlarmState.UNACK);
	}

	@Test
	void operatorActionsThatDoNotApplyShouldFail() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", KEY, 80));
		assertThatExceptionOfType(AlarmNotFoundException.class)
			.isThrownBy(() -> engine.acknowledge("nope.x", "olivia", null));
		assertThatExceptionOfType(AlarmStateConflictException.class)
			.isThrownBy(() -> engine.acknowledge(ID, "olivia", null))
			.withMessageContaining("is NORMAL");
		assertThatExceptionOfType(AlarmStateConflictException.class)
			.isThrownBy(() -> engine.unshelve(ID, "olivia", null));
		assertThatExceptionOfType(AlarmStateConflictException.class)
			.isThrownBy(() -> engine.returnToService(ID, "olivia", null));
		assertThatExceptionOfType(InvalidShelveDurationException.class)
			.isThrownBy(() -> engine.shelve(ID, "olivia", null, null));
		assertThatExceptionOfType(InvalidShelveDurationException.class)
			.isThrownBy(() -> engine.shelve(ID, "olivia", Duration.ofSeconds(-1), null));
		assertThatExceptionOfType(InvalidShelveDurationException.class)
			.isThrownBy(() -> engine.shelve(ID, "olivia", Duration.ofHours(2), null));
		assertThat(this.transitions).isEmpty();
	}

	@Test
	void aRestoredAlarmShouldComeBackInItsState() {
		AlarmEngine engine = engine(AlarmDefinitions.hi("tank-hot", "plant.*.temperature", 80));
		String id = "tank-hot." + KEY;
		engine.update(KEY, number(90), Quality.GOOD);
		engine.acknowledge(id, "olivia", null);
		Alarm before = engine.alarm(id).orElseThrow();
		AlarmEngine restarted = engine(AlarmDefinitions.hi("tank-hot", "plant.*.temperature", 80));
		assertThat(restarted.restore(before)).isTrue();
		assertThat(restarted.alarm(id)).contains(before);
		restarted.update(KEY, number(50), Quality.GOOD);
		assertThat(state(restarted, id)).isEqualTo(AlarmState.NORMAL);
		AlarmEngine withoutDefinition = engine(AlarmDefinitions.hi("other", KEY, 80));
		assertThat(withoutDefinition.restore(before)).isFalse();
	}

}
