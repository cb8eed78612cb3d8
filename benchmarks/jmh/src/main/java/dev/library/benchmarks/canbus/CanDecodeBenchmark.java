package dev.library.benchmarks.canbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanTransport;
import dev.library.canbus.CanTransport.ReceivedFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusSettings;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import dev.library.canbus.candump.CandumpFormat;
import dev.library.canbus.candump.CandumpReplayTransport;
import dev.library.canbus.candump.LoggedFrame;
import dev.library.canbus.dbc.Database;
import dev.library.canbus.dbc.DbcParser;
import dev.library.canbus.dbc.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CAN frames decoded per second on one thread, on the real Tesla capture
 * ({@code shared/data/can/logs/candump.log}, 12,974 frames, 18 of its 180 ids defined)
 * with {@code tesla_can.dbc} and {@code tesla_powertrain.dbc}. An operation is one frame.
 * <ul>
 * <li>{@code decode}: look the message up by id and decode every signal it carries to its
 * physical value (or choice name);</li>
 * <li>{@code busHandle}: the whole receive path of a bus ({@code CanbusAdapter.handle}):
 * counters and meters, message activity, decoding, change detection per signal, with a
 * publisher that drops the values (the state store is measured by
 * {@code AdapterReadingsBenchmark}).</li>
 * </ul>
 * The ceiling of a saturated 1 Mbit/s bus is about 9,000 8-byte standard frames per
 * second: the goal is at least 100 times that.
 *
 * @author Library
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class CanDecodeBenchmark {

	static final int FRAMES = 12_974;

	/**
	 * The capture and the databases.
	 */
	@State(Scope.Benchmark)
	public static class Capture {

		List<CanFrame> frames = new ArrayList<>();

		List<Database> databases = new ArrayList<>();

		CanbusAdapter bus;

		@Setup
		public void load() throws IOException {
			Path corpus = corpus();
			this.databases.add(DbcParser.parse(corpus.resolve("dbc/tesla_can.dbc")));
			this.databases.add(DbcParser.parse(corpus.resolve("dbc/tesla_powertrain.dbc")));
			List<String> lines = Files.readAllLines(corpus.resolve("logs/candump.log"));
			for (int i = 0; i < lines.size(); i++) {
				LoggedFrame logged = CandumpFormat.parse("candump.log", i + 1, lines.get(i));
				if (logged != null) {
					this.frames.add(logged.frame());
				}
			}
			if (this.frames.size() != FRAMES) {
				throw new IllegalStateException("Expected " + FRAMES + " frames, read " + this.frames.size());
			}
			AdapterConfig config = new AdapterConfig("bench", "candump",
					Map.of("dbc",
							corpus.resolve("dbc/tesla_can.dbc") + "," + corpus.resolve("dbc/tesla_powertrain.dbc")),
					List.of());
			CanbusSettings settings = CanbusSettings.of(config, CanbusDefaults.standard());
			CanTransport unused = new CandumpReplayTransport(corpus.resolve("logs/candump.log"), "vcan0", 0, null);
			this.bus = new CanbusAdapter(config, settings, unused, "candump", SignalPublisher.none(), null,
					CanbusDefaults.standard());
		}

		private static Path corpus() {
			for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
				Path candidate = dir.resolve("shared/data/can");
				if (Files.isDirectory(candidate)) {
					return candidate;
				}
			}
			throw new IllegalStateException("CAN corpus shared/data/can not found above the working directory");
		}

	}

	@Benchmark
	@OperationsPerInvocation(FRAMES)
	public void decode(Capture capture, Blackhole blackhole) {
		List<Database> databases = capture.databases;
		for (CanFrame frame : capture.frames) {
			for (Database database : databases) {
				Message message = database.getMessage(frame.id(), frame.extended());
				if (message != null) {
					message.decode(frame.data(), (signal, raw) -> {
						String choice = signal.getChoices().get(raw);
						blackhole.consume((choice != null) ? choice : signal.toPhysical(raw));
					});
					break;
				}
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(FRAMES)
	public void busHandle(Capture capture) {
		long time = 0;
		for (CanFrame frame : capture.frames) {
			capture.bus.handle(new ReceivedFrame(frame, time++));
		}
	}

}
