package dev.library.adapters.interlock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.state.DefaultStateStore;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link InterlockMonitor} re-checks interlocks when their inputs change in a real state
 * store.
 *
 * @author Library
 */
class InterlockMonitorTests {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private DefaultStateStore store;

	private Interlocks interlocks;

	private InterlockMonitor monitor;

	@BeforeEach
	void start() {
		this.store = new DefaultStateStore(new InMemoryStatePersistence(1000), StateStoreOptions.defaults(),
				JsonMapper.builder().build(), null, new SimpleMeterRegistry(), Clock.systemUTC());
		this.store.start();
		Interlock interlock = new Interlock("room", "pump1.running", "Needs room",
				new Condition.AllOf(List.of(new Condition.Comparison("plant.level", Operator.LT, nodes.numberNode(90)),
						new Condition.AnyOf(List.of(
								new Condition.Comparison("plant.valve", Operator.EQ, nodes.stringNode("open")),
								new Condition.Comparison("plant.override", Operator.EQ, nodes.booleanNode(true)))))));
		this.interlocks = new Interlocks(List.of(interlock));
		this.monitor = new InterlockMonitor(this.interlocks, this.store,
				(violated, reason) -> this.violations.add(reason), Duration.ofHours(1));
	}

	@AfterEach
	void stop() {
		this.monitor.stop();
		this.store.stop();
	}

	@Test
	void interlockWithoutItsInputsIsViolatedFromTheStart() {
		this.monitor.start();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.violations).isNotEmpty());
		assertThat(this.violations.get(0)).contains("Interlock 'room' (Needs room)", "plant.level < 90",
				"[plant.level is no value]");
		assertThat(event().get("satisfied").booleanValue()).isFalse();
		assertThat(event().get("output").stringValue()).isEqualTo("pump1.running");
	}

	@Test
	void changeOfAnInputThatBreaksTheConditionIsReportedWithTheValueSeen() {
		put("plant.level", nodes.numberNode(50), Quality.GOOD);
		put("plant.valve", nodes.stringNode("open"), Quality.GOOD);
		this.monitor.start();
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
		assertThat(event().get("satisfied").booleanValue()).isTrue();
		assertThat(this.violations).isEmpty();

		put("plant.level", nodes.numberNode(95.5), Quality.GOOD);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.violations).hasSize(1));
		assertThat(this.violations.get(0)).contains("plant.level < 90 [plant.level is 95.5 (GOOD)]");
		assertThat(event().get("reason").stringValue()).isEqualTo(this.violations.get(0));

		put("plant.level", nodes.numberNode(40), Quality.GOOD);
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
	}

	@Test
	void anyGroupHoldsWhileOneOfItsConditionsHolds() {
		put("plant.level", nodes.numberNode(50), Quality.GOOD);
		put("plant.override", nodes.booleanNode(true), Quality.GOOD);
		this.monitor.start();
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
		put("plant.valve", nodes.stringNode("closed"), Quality.GOOD);
		put("plant.override", nodes.booleanNode(false), Quality.GOOD);
		await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(this.monitor.satisfied("room")));
		assertThat(this.violations.get(0)).contains("plant.valve == \"open\"", "plant.override == true");
	}

	@Test
	void inputOfBadQualityViolatesTheInterlock() {
		put("plant.level", nodes.numberNode(50), Quality.GOOD);
		put("plant.valve", nodes.stringNode("open"), Quality.GOOD);
		this.monitor.start();
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
		put("plant.level", nodes.numberNode(50), Quality.BAD);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.violations).hasSize(1));
		assertThat(this.violations.get(0)).contains("[plant.level is 50 (BAD)]");
	}

	@Test
	void deletedInputViolatesTheInterlock() {
		put("plant.level", nodes.numberNode(50), Quality.GOOD);
		put("plant.valve", nodes.stringNode("open"), Quality.GOOD);
		this.monitor.start();
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
		this.store.delete("plant.valve", "test").block();
		await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(this.monitor.satisfied("room")));
	}

	@Test
	void violatedInterlockIsReportedAgainPeriodicallyWithoutAChange() {
		this.monitor.stop();
		this.monitor = new InterlockMonitor(this.interlocks, this.store,
				(violated, reason) -> this.violations.add(reason), Duration.ofMillis(100));
		put("plant.level", nodes.numberNode(95), Quality.GOOD);
		this.monitor.start();
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.violations).hasSizeGreaterThan(3));
		put("plant.level", nodes.numberNode(50), Quality.GOOD);
		put("plant.valve", nodes.stringNode("open"), Quality.GOOD);
		await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(this.monitor.satisfied("room")));
		int reported = this.violations.size();
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> this.violations.size() == reported);
	}

	private JsonNode event() {
		return this.store.get(InterlockMonitor.EVENT_KEY_PREFIX + "room").block().value();
	}

	private void put(String key, JsonNode value, Quality quality) {
		this.store.put(key, value, "test", quality).block();
	}

}
