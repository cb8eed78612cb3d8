package dev.library.canbus.candump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanFrame;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusAdapter.BusStatistics;
import dev.library.canbus.CanbusAdapter.MessageStatistics;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import dev.library.canbus.dbc.DbcParser;
import dev.library.canbus.dbc.Message;
import dev.library.state.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code candump} adapter type: the real Tesla capture
 * ({@code logs/candump.log}, 12,974 frames) replayed with {@code tesla_can.dbc} and
 * {@code tesla_powertrain.dbc}.
 *
 * @author Library
 */
class CandumpReplayAdapterTests {

	private final Map<String, Published> published = new ConcurrentHashMap<>();

	private final SignalPublisher publisher = (key, value, quality, source) -> this.published.put(key,
			new Published(value, quality));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private CanbusAdapter adapter;

	@AfterEach
	void close() {
		if (this.adapter != null) {
			this.adapter.close();
		}
	}

	@Test
	void replayPutsDecodedSignalsUnderTheirStateKeys() {
		this.adapter = create(Map.of("speed", "0"), List.of());
		this.adapter.connect();
		awaitFinished();
		// The last DI_torque2 frame (0x116) is 00C0F44196A2: DI_gear 12|3@1+ is bits 4..6
		// of byte 1, 0xC0 = 1100 0000 -> 0b100 = 4 "DI_GEAR_D" (the first frame, 0x10 in
		// byte 1, is 1 "DI_GEAR_P": see DbcCorpusTests).
		assertThat(this.published.get("can.vcan0.DI_torque2.DI_gear"))
			.isEqualTo(new Published("DI_GEAR_D", Quality.GOOD));
		assertThat(this.published.get("can.vcan0.STW_ANGLHP_STAT.StW_AnglHP_Sens_Id"))
			.isEqualTo(new Published("KOSTAL", Quality.GOOD));
		assertThat(this.published.get("can.vcan0.GTW_carState.DOOR_STATE_FR").value()).isEqualTo("open");
		BusStatistics statistics = this.adapter.statistics();
		assertThat(statistics.frames()).isEqualTo(12_974);
		// 0x108 has 4 bytes (DBC: 8), 0x3D8 3 (8), 0x388 8 (3): 394 + 85 + 8 frames.
		List<MessageStatistics> messages = this.adapter.messages();
		long wrongLength = messages.stream()
			.filter((message) -> message.frameId() == 0x108 || message.frameId() == 0x3D8 || message.frameId() == 0x388)
			.mapToLong(MessageStatistics::count)
			.sum();
		assertThat(wrongLength).isEqualTo(394 + 85 + 8);
		assertThat(statistics.decodeErrors()).isEqualTo(wrongLength);
		assertThat(messages).hasSize(180);
		long decoded = messages.stream().filter((message) -> message.message() != null).count();
		assertThat(statistics.unknownFrames()).isEqualTo(12_974 - messages.stream()
			.filter((message) -> message.message() != null)
			.mapToLong(MessageStatistics::count)
			.sum());
		assertThat(decoded).isEqualTo(18);
		assertThat(this.published.get("can.vcan0.DI_torque1.DI_torqueMotor").quality()).isEqualTo(Quality.UNCERTAIN);
		assertThat(this.published.get("can.vcan0.UI_status.UI_cellReceiverPower").value()).isEqualTo(-44L);
		assertThat(this.meters.get("library.canbus.frames").tag("interface", "vcan0").counter().count())
			.isEqualTo(12_974);
		assertThat(this.meters.get("library.canbus.decode.errors").counter().count()).isEqualTo(wrongLength);
	}

	@Test
	void messageMissingForLongerThanItsCycleTimesGoesBad() {
		// UI_driverAssistControl (0x3E8) is last seen at 172 s; the log ends at 174 s.
		// With
		// a 500 ms cycle and factor 3 it is missing after 1.5 s.
		this.adapter = create(Map.of("speed", "0", "cycle-times", "UI_driverAssistControl=500ms"), List.of());
		this.adapter.connect();
		awaitFinished();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.adapter.statistics().livenessViolations()).isEqualTo(1);
			assertThat(this.adapter.staleMessages()).isEqualTo(1);
			assertThat(this.published).hasEntrySatisfying("can.vcan0.UI_driverAssistControl.UI_autopilotControlRequest",
					(value) -> assertThat(value.quality()).isEqualTo(Quality.BAD));
		});
		assertThat(this.published.get("can.vcan0.DI_torque2.DI_gear").quality()).isEqualTo(Quality.GOOD);
		assertThat(this.adapter.messages()).filteredOn((message) -> message.frameId() == 0x3E8)
			.singleElement()
			.satisfies((message) -> {
				assertThat(message.stale()).isTrue();
				assertThat(message.cycleTimeMillis()).isEqualTo(500);
				assertThat(message.count()).isEqualTo(7);
			});
		assertThat(this.meters.get("library.canbus.liveness.violations").tag("kind", "missing").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get("library.canbus.messages.stale").gauge().value()).isEqualTo(1);
	}

	@Test
	void replayAtRecordedPaceTakesTheRecordedTime() {
		// candump-fast-cr.txt: 23 frames from 0.352 s to 0.374 s; at 0.1x speed that is
		// about 0.22 s of wall time, so the frames are not all there at once.
		this.adapter = create("logs/candump-fast-cr.txt", Map.of("speed", "0.1"), List.of());
		long start = System.nanoTime();
		this.adapter.connect();
		awaitFinished();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
		assertThat(this.adapter.statistics().frames()).isEqualTo(23);
	}

	@Test
	void pointsReceiveTheirSignalAndWritesSendTheEncodedFrame(@TempDir Path output) throws Exception {
		PointConfig gear = point("gear", "0x116.DI_gear", DataType.STRING, Access.READ);
		PointConfig speedLimit = point("light", "DI_state.DI_regenLight", DataType.BOOLEAN, Access.READ_WRITE);
		Path sent = output.resolve("sent.log");
		this.adapter = create(Map.of("speed", "0", "output", sent.toString()), List.of(gear, speedLimit));
		Map<String, Object> readings = new ConcurrentHashMap<>();
		this.adapter.subscribe((point, value) -> readings.put(point.name(), value));
		this.adapter.connect();
		awaitFinished();
		assertThat(readings).containsEntry("gear", "DI_GEAR_D");
		assertThat(this.adapter.read(gear)).isEqualTo("DI_GEAR_D");
		this.adapter.write(speedLimit, true);
		assertThat(this.adapter.read(speedLimit)).isEqualTo(true);
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		CanFrame frame = transport.sentFrames().get(0);
		// Both DBCs define DI_state; the first loaded (tesla_can.dbc) names it: 0x368
		// (872).
		// DI_regenLight is bit 8 (bit 0 of byte 1); the other signals keep the bits of
		// the
		// last 0x368 frame of the log.
		Message diState = DbcParser.parse(CanCorpus.file("dbc/tesla_can.dbc")).getMessage("DI_state");
		assertThat(frame.id()).isEqualTo(0x368);
		// The last 0x368 frame of the log is 005A1F00000800FF; bit 0 of byte 1 set: 0x5B.
		assertThat(frame.data()).isEqualTo(java.util.HexFormat.of().parseHex("005b1f00000800ff"));
		assertThat(diState.decode(frame.data(), false, false)).containsEntry("DI_regenLight", 1L)
			.containsEntry("DI_state", 5L);
		assertThat(Files.readString(sent)).matches("\\(\\d+\\.\\d{6}\\) vcan0 368#[0-9A-F]{16}\\R");
	}

	@Test
	void replacedDatabaseDecodesFromTheNextFrameOn() throws Exception {
		this.adapter = create(Map.of("speed", "0"), List.of());
		this.adapter.connect();
		awaitFinished();
		// The same tesla_powertrain.dbc with DI_gear renamed (in SG_ and VAL_).
		String renamed = Files.readString(CanCorpus.file("dbc/tesla_powertrain.dbc"))
			.replace(" DI_gear ", " DI_selectedGear ");
		this.adapter.replaceDatabase(DbcParser.parse("tesla_powertrain.dbc", renamed));
		assertThat(this.adapter.getDatabases()).extracting(dev.library.canbus.dbc.Database::getName)
			.containsExactly("tesla_can", "tesla_powertrain");
		// 0x116 00C0F44197A3: DI_gear bits 12..14 = 0xC0 >> 4 & 7 = 4 "DI_GEAR_D".
		this.adapter.handle(new dev.library.canbus.CanTransport.ReceivedFrame(
				CanFrame.of(0x116, false, java.util.HexFormat.of().parseHex("00C0F44197A3")), 175_000_000_000L));
		assertThat(this.published.get("can.vcan0.DI_torque2.DI_selectedGear"))
			.isEqualTo(new Published("DI_GEAR_D", Quality.GOOD));
		// Counts survive the swap.
		assertThat(this.adapter.messages()).filteredOn((message) -> message.frameId() == 0x116)
			.singleElement()
			.satisfies((message) -> assertThat(message.count()).isEqualTo(935));
	}

	@Test
	void rawFramesGoUnderTheirPrefixForStateChangeRoutes() {
		this.adapter = create("logs/candump-fast-cr.txt", Map.of("speed", "0", "raw-frames", "can.raw"), List.of());
		this.adapter.connect();
		awaitFinished();
		// The last of the 23 frames of 0x09F20101 (29-bit: 8 hex digits).
		assertThat(this.published.get("can.raw.vcan0.09F20101"))
			.isEqualTo(new Published("42090000008F027F", Quality.GOOD));
	}

	@Test
	void writeOutOfRangeIsRefusedWithTheReason() {
		PointConfig cruise = point("cruise", "DI_state.DI_cruiseSet", DataType.FLOAT, Access.READ_WRITE);
		this.adapter = create(Map.of("speed", "0"), List.of(cruise));
		this.adapter.connect();
		assertThatExceptionOfType(AdapterException.class).isThrownBy(() -> this.adapter.write(cruise, 300.0))
			.withMessage(
					"Cannot encode drive.cruise: Signal 'DI_cruiseSet' value 300.0 is outside its range [0.0, 255.5]");
	}

	@Test
	void addressNamingNoSignalIsAConfigurationError() {
		PointConfig wrong = point("wrong", "DI_state.NoSuchSignal", DataType.FLOAT, Access.READ);
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> create(Map.of(), List.of(wrong)))
			.withMessage("Point 'drive.wrong' address 'DI_state.NoSuchSignal' names no signal of the loaded DBC "
					+ "databases (expected MESSAGE.SIGNAL or 0xID.SIGNAL)");
	}

	@Test
	void badDbcIsAConfigurationErrorNamingLineAndColumn() {
		assertThatExceptionOfType(AdapterConfigurationException.class).isThrownBy(
				() -> new CandumpAdapterProvider(this.publisher, null, CanbusDefaults.standard(), new CanbusRegistry())
					.create(config("logs/candump.log",
							Map.of("dbc", CanCorpus.file("dbc/toyota_radar_dsu_tssp.dbc").toString()), List.of())))
			.withMessage(
					"Adapter 'tesla' setting 'dbc' is invalid: toyota_radar_dsu_tssp.dbc:139:1: expected ';' to end "
							+ "the comment (CM_) but found 'BO_'");
	}

	private void awaitFinished() {
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		await().atMost(Duration.ofSeconds(60)).until(transport::isFinished);
	}

	private CanbusAdapter create(Map<String, String> settings, List<PointConfig> points) {
		return create("logs/candump.log", settings, points);
	}

	private CanbusAdapter create(String log, Map<String, String> settings, List<PointConfig> points) {
		Map<String, String> all = new java.util.HashMap<>(settings);
		all.put("dbc", CanCorpus.file("dbc/tesla_can.dbc") + "," + CanCorpus.file("dbc/tesla_powertrain.dbc"));
		all.put("interface", "vcan0");
		CandumpAdapterProvider provider = new CandumpAdapterProvider(this.publisher, this.meters,
				new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(20), ""),
				new CanbusRegistry());
		return (CanbusAdapter) provider.create(config(log, all, points));
	}

	private static AdapterConfig config(String log, Map<String, String> settings, List<PointConfig> points) {
		Map<String, String> all = new java.util.HashMap<>(settings);
		all.put("file", CanCorpus.file(log).toString());
		return new AdapterConfig("tesla", CandumpAdapterProvider.TYPE, all,
				List.of(new DeviceConfig("drive", "Tesla drive unit", points)));
	}

	private static PointConfig point(String name, String address, DataType type, Access access) {
		return new PointConfig("drive", name, address, type, "", null, null, access, null, 1.0, 0.0,
				"tesla.drive." + name, null);
	}

	record Published(Object value, Quality quality) {

	}

}
