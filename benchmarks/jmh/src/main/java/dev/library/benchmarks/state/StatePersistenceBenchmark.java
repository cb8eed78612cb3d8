package dev.library.benchmarks.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.library.state.EmbeddedStatePersistence;
import dev.library.state.InMemoryStatePersistence;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StatePersistence;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.util.FileSystemUtils;

/**
 * Commits per second into a state store's persistence, as its writer thread makes them:
 * the embedded file with and without {@code fsync}, against the in-memory persistence as
 * the baseline of the same run. Also the history query of one key in a log of
 * {@value #LOG_SIZE} changes ({@code GET /state/events?key=}).
 * <p>
 * A commit holds {@code batch} changes (a writer commits what was queued at once, up to
 * {@code library.state.writer.max-batch-size}) to keys among {@value #KEYS}, each a small
 * JSON object. The event log is kept to {@value #LOG_SIZE} changes by retention every
 * {@value #RETENTION_EVERY} commits, as the platform's retention would, so the file does
 * not grow through the run. Multiply a commit rate by {@code batch} for changes per
 * second.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class StatePersistenceBenchmark {

	static final int KEYS = 1_000;

	static final int LOG_SIZE = 100_000;

	static final int RETENTION_EVERY = 1_000;

	/**
	 * A persistence opened on a fresh directory, its log filled to {@value #LOG_SIZE}.
	 */
	@State(Scope.Benchmark)
	public static class Persistence {

		@Param({ "memory", "embedded", "embedded-fsync" })
		String kind;

		@Param({ "1", "100" })
		int batch;

		StatePersistence persistence;

		Path dataDir;

		long sequence;

		long[] versions = new long[KEYS];

		long commits;

		@Setup(Level.Trial)
		public void open() throws IOException {
			JsonMapper jsonMapper = JsonMapper.builder().build();
			this.dataDir = Files.createTempDirectory("persistence-benchmark");
			this.persistence = switch (this.kind) {
				case "memory" -> new InMemoryStatePersistence(LOG_SIZE);
				case "embedded" -> new EmbeddedStatePersistence(this.dataDir, jsonMapper, false);
				case "embedded-fsync" -> new EmbeddedStatePersistence(this.dataDir, jsonMapper, true);
				default -> throw new IllegalArgumentException("Unknown persistence " + this.kind);
			};
			this.persistence.open();
			while (this.sequence < LOG_SIZE) {
				this.persistence.commit(nextChanges(1_000));
			}
		}

		List<StateChange> nextChanges(int count) {
			List<StateChange> changes = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				long sequence = ++this.sequence;
				int key = (int) (sequence % KEYS);
				long version = ++this.versions[key];
				changes.add(new StateChange(sequence, StateChange.Type.PUT, "plant.sensor" + key, version,
						Instant.now(), "benchmark", Quality.GOOD,
						JsonNodeFactory.instance.objectNode().put("value", sequence * 0.1).put("unit", "degC"),
						version == 1));
			}
			return changes;
		}

		void commit() {
			this.persistence.commit(nextChanges(this.batch));
			if (++this.commits % RETENTION_EVERY == 0) {
				this.persistence.applyRetention(Instant.EPOCH, LOG_SIZE);
			}
		}

		@TearDown(Level.Trial)
		public void close() throws IOException {
			this.persistence.close();
			FileSystemUtils.deleteRecursively(this.dataDir);
		}

	}

	@Benchmark
	public void commit(Persistence state) {
		state.commit();
	}

	@Benchmark
	public void eventsOfOneKey(Persistence state, Blackhole blackhole) {
		String key = "plant.sensor" + (state.sequence % KEYS);
		blackhole.consume(state.persistence.readEvents(key, "", null, null, 0, 100));
	}

}
