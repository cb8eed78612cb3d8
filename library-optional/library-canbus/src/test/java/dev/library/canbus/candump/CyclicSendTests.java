package dev.library.canbus.candump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusAdapter.BusStatistics;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.ControllerState;
import dev.library.canbus.SignalPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Cyclic sends: a message sent every period with a fixed signal, a signal from a state
 * key, and its counter and checksum filled in; held back while the state key has no good
 * value; stopped when the bus closes; held while the controller is bus-off.
 *
 * @author Library
 */
class CyclicSendTests {

	private static final String DBC = """
			VERSION ""
			NS_ :
			BS_:
			BU_: PLATFORM
			BO_ 256 Command: 8 PLATFORM
			 SG_ Setpoint : 0|8@1+ (1,0) [0|200] "" Vector__XXX
			 SG_ Counter : 8|4@1+ (1,0) [0|15] "" Vector__XXX
			 SG_ Mode : 12|4@1+ (1,0) [0|15] "" Vector__XXX
			 SG_ Checksum : 56|8@1+ (1,0) [0|255] "" Vector__XXX
			""";

	private final Map<String, Object> state = new ConcurrentHashMap<>();

	private CanbusAdapter adapter;

	@AfterEach
	void close() {
		if (this.adapter != null) {
			this.adapter.close();
		}
	}

	@Test
	void messageIsSentEveryPeriodWithCounterAndChecksumUntilItsSourceFailsOrTheBusCloses(@TempDir Path dir)
			throws Exception {
		this.state.put("plant.setpoint", 42L);
		this.adapter = create(dir,
				Map.of("cyclic-sends", "Command=20ms", "cyclic-signals",
						"Command.Setpoint=state:plant.setpoint,Command.Mode=3", "counters", "Command.Counter",
						"checksums", "Command.Checksum=xor"));
		this.adapter.connect();
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		await().atMost(Duration.ofSeconds(30)).until(() -> transport.sentFrames().size() >= 3);
		List<CanFrame> sent = transport.sentFrames();
		for (int i = 0; i < 3; i++) {
			byte[] data = sent.get(i).data();
			assertThat(sent.get(i).id()).isEqualTo(0x100);
			// Byte 0 the setpoint 42 = 0x2A; byte 1 the counter i in bits 8..11 and mode
			// 3
			// in bits 12..15: 0x30 | i; byte 7 the XOR of bytes 0..6: 0x2A ^ (0x30 | i).
			assertThat(data[0]).isEqualTo((byte) 0x2A);
			assertThat(data[1]).isEqualTo((byte) (0x30 | i));
			assertThat(data[7]).isEqualTo((byte) (0x2A ^ (0x30 | i)));
		}
		// The source loses its value: the message stops rather than carry a stale one.
		this.state.remove("plant.setpoint");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.adapter.heldCyclicSends().contains("Command"));
		assertThat(this.adapter.statistics().heldCyclicSends()).containsExactly("Command");
		int held = transport.sentFrames().size();
		Thread.sleep(200);
		assertThat(transport.sentFrames()).hasSize(held);
		this.state.put("plant.setpoint", 43L);
		await().atMost(Duration.ofSeconds(30)).until(() -> transport.sentFrames().size() > held);
		assertThat(transport.sentFrames().get(held).data()[0]).isEqualTo((byte) 43);
		// Nothing goes out once the bus is closed.
		this.adapter.close();
		int closed = transport.sentFrames().size();
		Thread.sleep(200);
		assertThat(transport.sentFrames()).hasSize(closed);
	}

	@Test
	void busOffHoldsTheSendsUntilTheControllerIsBack(@TempDir Path dir) throws Exception {
		// Error frames (CAN_ERR_FLAG 0x20000000 | classes): controller with counters
		// (error passive, 136/16), bus-off, restarted, a frame, bus-off again.
		this.state.put("plant.setpoint", 42L);
		this.adapter = create(dir, """
				(1.000000) can0 123#01
				(1.100000) can0 20000204#0020000000008810
				(1.200000) can0 20000040#0000000000000000
				(1.300000) can0 20000100#0000000000000000
				(1.400000) can0 123#02
				(1.500000) can0 20000040#0000000000000000
				""", Map.of("cyclic-sends", "Command=20ms", "cyclic-signals", "Command.Setpoint=state:plant.setpoint"));
		this.adapter.connect();
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		await().atMost(Duration.ofSeconds(30)).until(transport::isFinished);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.adapter.heldCyclicSends().contains("Command"));
		BusStatistics statistics = this.adapter.statistics();
		assertThat(statistics.errorFrames()).isEqualTo(4);
		assertThat(statistics.busOffs()).isEqualTo(2);
		assertThat(statistics.controllerState()).isEqualTo(ControllerState.BUS_OFF);
		assertThat(statistics.txErrors()).isEqualTo(136);
		assertThat(statistics.rxErrors()).isEqualTo(16);
		// A replay has no controller to restart.
		assertThat(statistics.restartAttempts()).isZero();
		int held = transport.sentFrames().size();
		Thread.sleep(200);
		assertThat(transport.sentFrames()).hasSize(held);
	}

	@Test
	void fixedValueOutsideTheSignalRangeIsAConfigurationError(@TempDir Path dir) throws Exception {
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(
					() -> create(dir, Map.of("cyclic-sends", "Command=20ms", "cyclic-signals", "Command.Setpoint=300")))
			.withMessage("Adapter 'bus' setting 'cyclic-signals' is invalid: Signal 'Setpoint' value 300 is "
					+ "outside its range [0.0, 200.0]");
	}

	private CanbusAdapter create(Path dir, Map<String, String> settings) throws Exception {
		return create(dir, "(1.000000) can0 200#00\n", settings);
	}

	private CanbusAdapter create(Path dir, String frames, Map<String, String> settings) throws Exception {
		Path dbc = Files.writeString(dir.resolve("command.dbc"), DBC);
		Path log = Files.writeString(dir.resolve("frames.log"), frames);
		Map<String, String> all = new java.util.HashMap<>(settings);
		all.put("file", log.toString());
		all.put("dbc", dbc.toString());
		all.put("speed", "0");
		CandumpAdapterProvider provider = new CandumpAdapterProvider(SignalPublisher.none(), null,
				new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(20), ""),
				new CanbusRegistry());
		provider.setValueSource(this.state::get);
		return (CanbusAdapter) provider.create(new AdapterConfig("bus", CandumpAdapterProvider.TYPE, all, List.of()));
	}

}
