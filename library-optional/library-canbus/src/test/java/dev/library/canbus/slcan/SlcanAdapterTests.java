package dev.library.canbus.slcan;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.candump.CandumpFormat;
import dev.library.canbus.candump.LoggedFrame;
import dev.library.canbus.dbc.DbcParser;
import dev.library.state.Quality;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code slcan} adapter type through a real pseudo-terminal pair made by
 * {@code socat}, with a scripted SLCAN adapter on the other end that acknowledges
 * commands and sends the first 500 frames of the Tesla capture
 * ({@code logs/candump.log}). socat must be installed ({@code .ci/run} installs it):
 * without it the test fails.
 *
 * @author Library
 */
class SlcanAdapterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	private Process socat;

	private ScriptedSlcanPeer peer;

	private CanbusAdapter adapter;

	private final Map<String, Object> published = new ConcurrentHashMap<>();

	@BeforeEach
	void startPtyPair() throws Exception {
		Path bus = this.directory.resolve("bus");
		Path peerEnd = this.directory.resolve("peer");
		this.socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + bus, "pty,raw,echo=0,link=" + peerEnd)
			.redirectErrorStream(true)
			.start();
		await().atMost(TIMEOUT).until(() -> Files.exists(bus) && Files.exists(peerEnd));
		this.peer = new ScriptedSlcanPeer(peerEnd);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.adapter != null) {
			this.adapter.close();
		}
		if (this.peer != null) {
			this.peer.close();
		}
		if (this.socat != null) {
			this.socat.destroy();
			this.socat.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void framesFromTheAdapterAreDecodedAndWritesAreSentAsTransmitCommands() throws Exception {
		PointConfig gear = point("gear", "0x116.DI_gear", DataType.STRING, Access.READ);
		PointConfig regen = point("regen-light", "DI_state.DI_regenLight", DataType.BOOLEAN, Access.READ_WRITE);
		this.adapter = (CanbusAdapter) provider().create(config(Map.of(), List.of(gear, regen)));
		this.adapter.connect();
		assertThat(this.peer.commands(3)).containsExactly("C", "S6", "O");
		List<CanFrame> frames = firstFramesOfTheCapture(500);
		this.peer.send(frames);
		await().atMost(TIMEOUT).until(() -> this.adapter.statistics().frames() == 500);
		// Every DI_torque2 frame of the first 500 lines has 0x10 or 0x90 in byte 1: bits
		// 4..6 are 001 = 1 "DI_GEAR_P".
		assertThat(this.published).containsEntry("can.slcan0.DI_torque2.DI_gear", "DI_GEAR_P");
		assertThat(this.adapter.read(gear)).isEqualTo("DI_GEAR_P");
		this.adapter.write(regen, true);
		String sent = this.peer.commands(1).get(0);
		// DI_state (tesla_can.dbc) is 0x368, 8 bytes; DI_regenLight is bit 0 of byte 1.
		assertThat(sent).startsWith("t3688");
		CanFrame frame = SlcanCodec.decode(sent);
		assertThat(DbcParser.parse(CanCorpus.file("dbc/tesla_can.dbc"))
			.getMessage("DI_state")
			.decode(frame.data(), false, false)).containsEntry("DI_regenLight", 1L);
		assertThat(this.adapter.read(regen)).isEqualTo(true);
	}

	@Test
	void adapterThatDoesNotAnswerFailsTheConnection() {
		this.peer.silent = true;
		this.adapter = (CanbusAdapter) provider().create(config(Map.of("ack-timeout", "300"), List.of()));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(dev.library.adapters.spi.AdapterException.class)
			.isThrownBy(this.adapter::connect)
			.withMessageContaining("did not answer within 300 ms");
	}

	private SlcanAdapterProvider provider() {
		return new SlcanAdapterProvider((key, value, quality, source) -> {
			if (quality == Quality.GOOD) {
				this.published.put(key, value);
			}
		}, null, CanbusDefaults.standard(), new CanbusRegistry());
	}

	private AdapterConfig config(Map<String, String> extra, List<PointConfig> points) {
		Map<String, String> settings = new HashMap<>(extra);
		settings.put("port", this.directory.resolve("bus").toString());
		settings.put("dbc", CanCorpus.file("dbc/tesla_can.dbc") + "," + CanCorpus.file("dbc/tesla_powertrain.dbc"));
		return new AdapterConfig("car", SlcanAdapterProvider.TYPE, settings,
				List.of(new DeviceConfig("drive", "", points)));
	}

	private static PointConfig point(String name, String address, DataType type, Access access) {
		return new PointConfig("drive", name, address, type, "", null, null, access, null, 1.0, 0.0,
				"car.drive." + name, null);
	}

	private static List<CanFrame> firstFramesOfTheCapture(int count) throws IOException {
		List<CanFrame> frames = new ArrayList<>();
		List<String> lines = Files.readAllLines(CanCorpus.file("logs/candump.log"));
		for (int i = 0; frames.size() < count; i++) {
			LoggedFrame logged = CandumpFormat.parse("candump.log", i + 1, lines.get(i));
			if (logged != null) {
				frames.add(logged.frame());
			}
		}
		return frames;
	}

	/**
	 * The far end of the pseudo-terminal: answers {@code C}, {@code S<n>}, {@code O} with
	 * CR and transmit commands with {@code z}, and records every command.
	 */
	static final class ScriptedSlcanPeer implements AutoCloseable {

		private final InputStream in;

		private final OutputStream out;

		private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

		private final Thread reader;

		volatile boolean silent;

		ScriptedSlcanPeer(Path tty) throws IOException {
			this.in = new FileInputStream(tty.toFile());
			this.out = new FileOutputStream(tty.toFile());
			this.reader = Thread.ofPlatform().daemon().name("slcan-peer").start(this::answer);
		}

		private void answer() {
			StringBuilder line = new StringBuilder();
			try {
				int b;
				while ((b = this.in.read()) >= 0) {
					if (b != '\r') {
						line.append((char) b);
						continue;
					}
					String command = line.toString();
					line.setLength(0);
					this.commands.add(command);
					if (this.silent) {
						continue;
					}
					boolean transmit = !command.isEmpty() && "tTrRdD".indexOf(command.charAt(0)) >= 0;
					write(transmit ? (Character.isUpperCase(command.charAt(0)) ? "Z\r" : "z\r") : "\r");
				}
			}
			catch (IOException ex) {
				// The pseudo-terminal closed: the test is over.
			}
		}

		List<String> commands(int count) throws InterruptedException {
			List<String> received = new ArrayList<>();
			while (received.size() < count) {
				String command = this.commands.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(command).as("SLCAN command %d of %d", received.size() + 1, count).isNotNull();
				received.add(command);
			}
			return received;
		}

		void send(List<CanFrame> frames) throws IOException {
			StringBuilder text = new StringBuilder();
			for (CanFrame frame : frames) {
				text.append(SlcanCodec.encode(frame)).append('\r');
			}
			write(text.toString());
		}

		private synchronized void write(String text) throws IOException {
			this.out.write(text.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}

		@Override
		public void close() throws IOException {
			this.in.close();
			this.out.close();
			this.reader.interrupt();
		}

	}

}
