package dev.library.benchmarks.alarm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.library.observability.alarm.AlarmConditionType;
import dev.library.observability.alarm.AlarmDefinition;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.alarm.AlarmRepository;
import dev.library.observability.alarm.AlarmSeverity;
import dev.library.observability.alarm.AlarmsComponent;
import dev.library.state.DefaultStateStore;
import dev.library.state.Durability;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateStoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The delay from a state change to its alarm transition on the alarm stream (what
 * {@code GET /alarms/stream} sends), through the platform's own path: a put into a
 * {@link DefaultStateStore} (in memory, acknowledged after commit), the store's watch,
 * the {@link AlarmsComponent} evaluating it against 10,000 definitions, the engine, the
 * persistence of the alarm back into the store, and the {@link AlarmEventPublisher}'s
 * live stream. Sampled (p50, p99 in the JMH output), one change and its one transition
 * per operation: the value of one of 100 keys flips above or below its limit.
 * <p>
 * {@code stateChangeToWatcher} is the baseline of the same run: the same kind of put,
 * under a prefix no alarm watches, waited for on a plain {@code StateStore.watch} (what
 * {@code GET /state/watch} sends): the alarm path's cost is the difference.
 *
 * @author Library
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class AlarmStreamLatencyBenchmark {

	static final int DEFINITIONS = 10_000;

	static final int FLIPPED_KEYS = 100;

	final String[] keys = new String[FLIPPED_KEYS];

	final boolean[] high = new boolean[FLIPPED_KEYS];

	final JsonNode above = JsonNodeFactory.instance.numberNode(95.0);

	final JsonNode below = JsonNodeFactory.instance.numberNode(10.0);

	final Semaphore transitions = new Semaphore(0);

	final Semaphore watched = new Semaphore(0);

	DefaultStateStore store;

	AlarmsComponent alarms;

	Disposable stream;

	Disposable watch;

	int next;

	int baselineValue;

	@Setup(Level.Trial)
	public void start() {
		JsonMapper jsonMapper = JsonMapper.builder().build();
		// acknowledged after commit, as a store on disk or PostgreSQL does by default
		StateStoreOptions options = StateStoreOptions.defaults()
			.withDurability(Durability.SYNC)
			.withRetention(Duration.ofDays(1), 100_000, Duration.ofMinutes(1));
		this.store = new DefaultStateStore(new InMemoryStatePersistence(100_000), options, jsonMapper, null,
				new SimpleMeterRegistry(), Clock.systemUTC());
		this.store.start();
		List<AlarmDefinition> definitions = new ArrayList<>();
		for (int i = 0; i < DEFINITIONS; i++) {
			definitions.add(new AlarmDefinition("tank-high-" + i, "plant.tank" + i + ".level", AlarmConditionType.HI,
					90.0, 2, null, Duration.ZERO, Duration.ZERO, null, null, AlarmSeverity.MAJOR, "", "%", Set.of(),
					"north", null));
		}
		for (int i = 0; i < FLIPPED_KEYS; i++) {
			this.keys[i] = "plant.tank" + i + ".level";
		}
		AlarmEventPublisher publisher = new AlarmEventPublisher();
		AlarmEngine engine = new AlarmEngine(definitions, Clock.systemUTC(), Duration.ofHours(8), publisher);
		AlarmRepository repository = new AlarmRepository(this.store, jsonMapper, "alarms");
		publisher.addListener(repository);
		this.stream = publisher.events().subscribe((event) -> this.transitions.release());
		this.watch = this.store.watch("bench").subscribe((change) -> this.watched.release());
		this.alarms = new AlarmsComponent(engine, repository, this.store, publisher, Duration.ofSeconds(1));
		this.alarms.start();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.stream.dispose();
		this.watch.dispose();
		this.alarms.stop();
		this.store.stop();
	}

	@Benchmark
	public void stateChangeToAlarmOnStream() throws InterruptedException {
		int index = this.next;
		this.next = (index + 1) % FLIPPED_KEYS;
		boolean raise = !this.high[index];
		this.high[index] = raise;
		this.store.put(this.keys[index], raise ? this.above : this.below, "benchmark", Quality.GOOD).subscribe();
		if (!this.transitions.tryAcquire(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No alarm transition within 10 s of changing " + this.keys[index]);
		}
	}

	@Benchmark
	public void stateChangeToWatcher() throws InterruptedException {
		this.baselineValue = (this.baselineValue + 1) % FLIPPED_KEYS;
		this.store
			.put("bench.tank" + this.baselineValue + ".level", (this.baselineValue % 2 == 0) ? this.above : this.below,
					"benchmark", Quality.GOOD)
			.subscribe();
		if (!this.watched.tryAcquire(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No change on the watch within 10 s");
		}
	}

}
