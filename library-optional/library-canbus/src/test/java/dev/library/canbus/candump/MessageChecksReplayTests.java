package dev.library.canbus.candump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.AdapterConfigurationException;
import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.FrameChecksum;
import dev.library.canbus.SignalPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rolling counters and checksums: the real Tesla capture's DI_torque2 counter, and a
 * checksum that fails in a log written here; the verdicts in the signals' quality and the
 * message's {@code liveness} key.
 *
 * @author Library
 */
class MessageChecksReplayTests {

	private final List<String> published = new CopyOnWriteArrayList<>();

	private final SignalPublisher publisher = (key, value, quality, source) -> this.published
		.add(key + "=" + value + " " + quality);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private CanbusAdapter adapter;

	@AfterEach
	void close() {
		if (this.adapter != null) {
			this.adapter.close();
		}
	}

	@Test
	void builtInChecksumsMatchTheirReferenceValues() {
		// The check value of CRC-8/SAE-J1850 (the CRC catalogue) is 0x4B.
		byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
		assertThat(FrameChecksum.crc8SaeJ1850().compute(0, check, 0, 8)).isEqualTo(0x4B);
		// 0x01 ^ 0x02 ^ 0x04 = 0x07; bytes 1..2 only: 0x06.
		assertThat(FrameChecksum.xor().compute(0, new byte[] { 1, 2, 4 }, 0, 2)).isEqualTo(7);
		assertThat(FrameChecksum.forName("xor").compute(0, new byte[] { 1, 2, 4 }, 1, 2)).isEqualTo(6);
		assertThat(FrameChecksum.forName("CRC8-J1850")).isSameAs(FrameChecksum.crc8SaeJ1850());
		assertThat(FrameChecksum.forName("md5")).isNull();
	}

	@Test
	void teslaTorqueCounterRepeatsAndSkipsAreCounted() throws IOException {
		// DI_torque2Counter is 32|4@1+: the low nibble of byte 4. The capture holds
		// 934 frames of 0x116, with frames logged twice (the counter repeats, such as
		// ...85B1, ...85B1) and frames missing (it skips); counted here from the bytes.
		int repeats = 0;
		int skips = 0;
		int previous = -1;
		for (String line : Files.readAllLines(CanCorpus.file("logs/candump.log"))) {
			int hash = line.indexOf(" 116#");
			if (hash < 0) {
				continue;
			}
			int counter = HexFormat.of().parseHex(line.substring(hash + 5).strip())[4] & 0x0F;
			if (previous >= 0 && counter == previous) {
				repeats++;
			}
			else if (previous >= 0 && counter != (previous + 1) % 16) {
				skips++;
			}
			previous = counter;
		}
		assertThat(repeats).isEqualTo(100);
		assertThat(skips).isEqualTo(37);
		// Both DBCs name a message DI_torque2 (0x118 and 0x116): the id says which.
		this.adapter = create("logs/candump.log",
				CanCorpus.file("dbc/tesla_can.dbc") + "," + CanCorpus.file("dbc/tesla_powertrain.dbc"),
				Map.of("counters", "0x116.DI_torque2Counter"));
		this.adapter.connect();
		awaitFinished();
		assertThat(this.adapter.statistics().counterErrors()).isEqualTo(repeats + skips);
		assertThat(this.meters.get("library.canbus.liveness.violations").tag("kind", "counter").counter().count())
			.isEqualTo(repeats + skips);
		assertThat(this.published).contains("can.vcan0.DI_torque2.liveness=COUNTER_REPEATED GOOD",
				"can.vcan0.DI_torque2.liveness=COUNTER_SKIPPED GOOD");
		// The log ends with counters 4, 5, 6.
		assertThat(this.published).filteredOn((entry) -> entry.startsWith("can.vcan0.DI_torque2.liveness="))
			.last()
			.isEqualTo("can.vcan0.DI_torque2.liveness=OK GOOD");
		// A repeated frame's values are BAD, a frame after a skip UNCERTAIN.
		assertThat(this.published)
			.anyMatch((entry) -> entry.startsWith("can.vcan0.DI_torque2.DI_gear=") && entry.endsWith(" BAD"));
	}

	@Test
	void failedChecksumMakesTheFrameBadAndRaisesLiveness(@TempDir Path dir) throws IOException {
		Path dbc = Files.writeString(dir.resolve("status.dbc"), """
				VERSION ""
				NS_ :
				BS_:
				BU_: ECU
				BO_ 256 Status: 8 ECU
				 SG_ Value : 0|8@1+ (1,0) [0|255] "" Vector__XXX
				 SG_ Counter : 8|4@1+ (1,0) [0|15] "" Vector__XXX
				 SG_ Checksum : 56|8@1+ (1,0) [0|255] "" Vector__XXX
				""");
		// The XOR of bytes 0..6 (every byte without checksum bits) is in byte 7:
		// 0x10 ^ 0x00 = 0x10; 0x11 ^ 0x01 = 0x10; the third frame carries 0x00 where
		// 0x12 ^ 0x02 = 0x10 belongs; 0x13 ^ 0x03 = 0x10.
		Path log = Files.writeString(dir.resolve("status.log"), """
				(1.000000) can0 100#1000000000000010
				(1.010000) can0 100#1101000000000010
				(1.020000) can0 100#1202000000000000
				(1.030000) can0 100#1303000000000010
				""");
		this.adapter = create(log.toString(), dbc.toString(),
				Map.of("counters", "Status.Counter", "checksums", "Status.Checksum=xor"));
		this.adapter.connect();
		awaitFinished();
		assertThat(this.published).filteredOn(
				(entry) -> entry.startsWith("can.can0.Status.Value=") || entry.startsWith("can.can0.Status.liveness="))
			.containsExactly("can.can0.Status.liveness=OK GOOD", "can.can0.Status.Value=16 GOOD",
					"can.can0.Status.Value=17 GOOD", "can.can0.Status.liveness=CHECKSUM_FAILED GOOD",
					"can.can0.Status.Value=18 BAD", "can.can0.Status.liveness=OK GOOD",
					"can.can0.Status.Value=19 GOOD");
		assertThat(this.adapter.statistics().checksumErrors()).isEqualTo(1);
		assertThat(this.adapter.statistics().counterErrors()).isZero();
	}

	@Test
	void checkOnAnUnknownSignalIsAConfigurationError() {
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> create("logs/candump.log", CanCorpus.file("dbc/tesla_powertrain.dbc").toString(),
					Map.of("checksums", "DI_torque2.DI_torque2Crc=crc8-j1850")))
			.withMessage("Adapter 'bus' setting 'checksums' is invalid: message 'DI_torque2' has no signal "
					+ "'DI_torque2Crc'");
		assertThatExceptionOfType(AdapterConfigurationException.class)
			.isThrownBy(() -> create("logs/candump.log", CanCorpus.file("dbc/tesla_powertrain.dbc").toString(),
					Map.of("checksums", "DI_torque2.DI_torque2Checksum=sha1")))
			.withMessage("Adapter 'bus' setting 'checksums' is invalid: no checksum algorithm 'sha1' "
					+ "(built in: crc8-j1850, xor)");
	}

	private CanbusAdapter create(String log, String dbc, Map<String, String> settings) {
		Map<String, String> all = new java.util.HashMap<>(settings);
		all.put("file", log.startsWith("logs/") ? CanCorpus.file(log).toString() : log);
		all.put("dbc", dbc);
		all.put("speed", "0");
		if (log.startsWith("logs/")) {
			all.put("interface", "vcan0");
		}
		return (CanbusAdapter) new CandumpAdapterProvider(this.publisher, this.meters,
				new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(20), ""),
				new CanbusRegistry())
			.create(new AdapterConfig("bus", CandumpAdapterProvider.TYPE, all, List.of()));
	}

	private void awaitFinished() {
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		await().atMost(Duration.ofSeconds(60)).until(transport::isFinished);
	}

}
