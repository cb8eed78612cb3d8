package dev.library.canbus.candump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import dev.library.canbus.SignalPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A J1939 bus replayed from a candump log: transfers of the transport protocol (BAM and
 * RTS/CTS) reassembled and decoded with a DBC, on the bus time of the log. The corpus has
 * no J1939 transport protocol capture (its 29-bit logs are NMEA 2000), so the log is
 * written here frame by frame.
 *
 * @author Library
 */
class J1939ReplayTests {

	/**
	 * PGN 0xFF10 from source 0x00 as a 17-byte message: 0x98FF1000 is 0x18FF1000 with the
	 * bit-31 marker of extended ids.
	 */
	private static final String DBC = """
			VERSION ""
			NS_ :
			BS_:
			BU_: ECU
			BO_ 2566852608 Long: 17 ECU
			 SG_ First : 0|8@1+ (1,0) [0|255] "" Vector__XXX
			 SG_ Wide : 56|16@1+ (0.5,0) [0|0] "rpm" Vector__XXX
			 SG_ Last : 128|8@1+ (1,0) [0|255] "" Vector__XXX
			""";

	private final List<String> published = new CopyOnWriteArrayList<>();

	private final SignalPublisher publisher = (key, value, quality, source) -> this.published
		.add(key + "=" + value + " " + quality);

	private CanbusAdapter adapter;

	@AfterEach
	void close() {
		if (this.adapter != null) {
			this.adapter.close();
		}
	}

	@Test
	void broadcastAndConnectionTransfersAreReassembledAndDecoded(@TempDir Path dir) throws Exception {
		Path dbc = Files.writeString(dir.resolve("j1939.dbc"), DBC);
		// Payload bytes 01..11 (17 bytes): First = byte 0 = 1; Wide 56|16@1+ = bytes 7
		// and 8 little-endian = 0x0908 = 2312 x 0.5 = 1156.0 rpm; Last = byte 16 = 0x11.
		// Then an RTS/CTS transfer from 0x00 to 0xF9 with bytes 21..31 hex in its place:
		// First 0x21 = 33, Wide 0x2928 = 10536 x 0.5 = 5268.0, Last 0x31 = 49.
		// A third BAM stops after its first packet: dropped after T1 (750 ms), by the
		// next frame's time.
		Path log = Files.writeString(dir.resolve("j1939.log"), """
				(100.000000) can0 1CECFF00#20110003FF10FF00
				(100.050000) can0 1CEBFF00#0101020304050607
				(100.100000) can0 1CEBFF00#0208090A0B0C0D0E
				(100.150000) can0 1CEBFF00#030F1011FFFFFFFF
				(101.000000) can0 1CECF900#1011000302 10FF00
				(101.010000) can0 1CEC00F9#110201FFFF10FF00
				(101.020000) can0 1CEBF900#0121222324252627
				(101.030000) can0 1CEBF900#0228292A2B2C2D2E
				(101.040000) can0 1CEC00F9#110103FFFF10FF00
				(101.050000) can0 1CEBF900#032F3031FFFFFFFF
				(101.060000) can0 1CEC00F9#13110003FF10FF00
				(102.000000) can0 1CECFF00#20110003FF10FF00
				(102.050000) can0 1CEBFF00#0101020304050607
				(103.000000) can0 18FEF100#FFFFFFFFFFFFFFFF
				""".replace("02 10FF00", "0210FF00"));
		this.adapter = (CanbusAdapter) new CandumpAdapterProvider(this.publisher, null,
				new CanbusDefaults("can.{interface}.{message}.{signal}", true, 3.0, Duration.ofMillis(20), ""),
				new CanbusRegistry())
			.create(new AdapterConfig("truck", CandumpAdapterProvider.TYPE,
					Map.of("file", log.toString(), "speed", "0", "dbc", dbc.toString()), List.of()));
		this.adapter.connect();
		CandumpReplayTransport transport = (CandumpReplayTransport) this.adapter.getTransport();
		await().atMost(Duration.ofSeconds(30)).until(transport::isFinished);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.adapter.statistics().transfersDropped()).isEqualTo(1));
		assertThat(this.adapter.statistics().transfersReassembled()).isEqualTo(2);
		assertThat(this.published).containsExactly("can.can0.Long.First=1 GOOD", "can.can0.Long.Wide=1156.0 GOOD",
				"can.can0.Long.Last=17 GOOD", "can.can0.Long.First=33 GOOD", "can.can0.Long.Wide=5268.0 GOOD",
				"can.can0.Long.Last=49 GOOD");
		assertThat(this.adapter.messages()).filteredOn((message) -> "Long".equals(message.message()))
			.singleElement()
			.satisfies((message) -> assertThat(message.count()).isEqualTo(2));
	}

}
