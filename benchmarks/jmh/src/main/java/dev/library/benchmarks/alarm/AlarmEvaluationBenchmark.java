package dev.library.benchmarks.alarm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.state.Quality;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * State changes per second evaluated by an {@link AlarmEngine} holding 1 or 10,000
 * definitions, on exact keys or on key patterns, in the same run: the ratio of 10,000 to
 * 1 shows what the number of definitions costs each change.
 * <p>
 * Each definition is a {@code hi} limit of 90 on its own key
 * ({@code plant.tank<i>.level}) or on a pattern matching it ({@code plant.tank<i>.*}); a
 * change writes one of 10,000 keys, cycling, with values from 0 to 99 that move on every
 * round, so about one change in ten raises or clears an alarm (a transition, told to the
 * engine's listener). With 1 definition, the other 9,999 keys match none: the baseline is
 * the engine's lookup and bookkeeping alone.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class AlarmEvaluationBenchmark {

	@Param({ "100", "10000" })
	int definitions;

	@Param({ "exact", "pattern" })
	String keys;

	String[] stateKeys;

	final JsonNode[] values = new JsonNode[100];

	AlarmEngine engine;

	int next;

	int round;

	@Setup(Level.Trial)
	public void start() {
		List<AlarmDefinition> list = new ArrayList<>();
		for (int i = 0; i < this.definitions; i++) {
			String key = "exact".equals(this.keys) ? "plant.tank" + i + ".level" : "plant.tank" + i + ".*";
			list.add(new AlarmDefinition("tank-high-" + i, key, AlarmConditionType.HI, 90.0, 2, null, Duration.ZERO,
					Duration.ZERO, null, null, AlarmSeverity.MAJOR, "", "%", Set.of(), "north", null));
		}
		this.stateKeys = new String[this.definitions];
		for (int i = 0; i < this.definitions; i++) {
			this.stateKeys[i] = "plant.tank" + i + ".level";
		}
		for (int i = 0; i < this.values.length; i++) {
			this.values[i] = JsonNodeFactory.instance.numberNode((double) i);
		}
		this.engine = new AlarmEngine(list, Clock.systemUTC(), Duration.ofHours(8), new AlarmEventPublisher());
	}

	@Benchmark
	public void evaluate() {
		int index = this.next;
		if (++this.next == this.stateKeys.length) {
			this.next = 0;
			this.round++;
		}
		this.engine.update(this.stateKeys[index], this.values[(index * 7 + this.round * 13) % 100], Quality.GOOD);
	}

}
