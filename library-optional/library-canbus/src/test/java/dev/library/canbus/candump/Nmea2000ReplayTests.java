package dev.library.canbus.candump;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.library.adapters.spi.AdapterConfig;
import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanbusAdapter;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusSettings.CanbusDefaults;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The NMEA 2000 capture {@code logs/candumpSample3.txt} (2,368 frames, all 29-bit)
 * replayed with {@code canboat.dbc}: frames match their message by PGN; frames of
 * multi-frame (fast-packet) messages are counted as decode errors, never decoded.
 *
 * @author Library
 */
class Nmea2000ReplayTests {

	@Test
	void singleFramePgnsDecodeAndFastPacketFramesAreNotDecoded() {
		Map<String, Object> published = new ConcurrentHashMap<>();
		CandumpAdapterProvider provider = new CandumpAdapterProvider(
				(key, value, quality, source) -> published.put(key, value), null, CanbusDefaults.standard(),
				new CanbusRegistry());
		AdapterConfig config = new AdapterConfig("boat", CandumpAdapterProvider.TYPE,
				Map.of("file", CanCorpus.file("logs/candumpSample3.txt").toString(), "speed", "0", "dbc",
						CanCorpus.file("dbc/canboat.dbc").toString(), "interface", "n2k"),
				List.of());
		try (CanbusAdapter adapter = (CanbusAdapter) provider.create(config)) {
			adapter.connect();
			CandumpReplayTransport transport = (CandumpReplayTransport) adapter.getTransport();
			await().atMost(Duration.ofSeconds(60)).until(transport::isFinished);
			assertThat(adapter.statistics().frames()).isEqualTo(2368);
			assertThat(published).containsKey("can.n2k.PGN_127250_vesselHeading.heading");
			assertThat(adapter.messages()).filteredOn((message) -> message.frameId() == 0x09F112CCL)
				.singleElement()
				.satisfies((message) -> assertThat(message.message()).isEqualTo("PGN_127250_vesselHeading"));
			assertThat(adapter.statistics().decodeErrors()).isPositive();
		}
	}

}
