package dev.library.canbus.dbc;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import dev.library.canbus.CanCorpus;
import dev.library.canbus.candump.CandumpFormat;
import dev.library.canbus.candump.LoggedFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link J1939Id} and PGN matching, on the NMEA 2000 capture
 * {@code logs/candumpSample3.txt} with {@code canboat.dbc}.
 *
 * @author Library
 */
class J1939MatchingTests {

	@Test
	void idSplitsIntoPriorityPgnAndAddresses() {
		// 0x09F112CC: priority 0x09 >> 2 = 2, data page 1, PF 0xF1 (>= 240, PDU2) so
		// PS 0x12 is part of the PGN: 0x1F112 = 127250; source 0xCC.
		assertThat(J1939Id.of(0x09F112CCL)).isEqualTo(new J1939Id(2, 127250, 0xCC, 0xFF));
		// 0x18EAFF00: PF 0xEA < 240 (PDU1): PS 0xFF is the destination; PGN 0xEA00.
		assertThat(J1939Id.of(0x18EAFF00L)).isEqualTo(new J1939Id(6, 0xEA00, 0x00, 0xFF));
	}

	@Test
	void nmea2000FrameMatchesItsPgnAndDecodes() throws IOException {
		Database canboat = DbcParser.parse(CanCorpus.file("dbc/canboat.dbc"));
		// canboat.dbc defines 127250 as 0x99F112FE (priority 6, source 0xFE); the frame
		// comes from source 0xCC with priority 2.
		Message heading = canboat.matchMessage(0x09F112CCL, true);
		assertThat(heading.getName()).isEqualTo("PGN_127250_vesselHeading");
		assertThat(canboat.getMessage(0x09F112CCL, true)).isNull();
		// First 09F112CC frame of candumpSample3.txt: FF 72 5A FF 7F FF 7F FD.
		// sid 0|8 = 0xFF = 255; heading 8|16@1+ = 0x5A72 = 23154 -> 2.3154 rad;
		// deviation 24|16@1- = 0x7FFF = 32767 -> 3.2767; reference 56|2 = 0xFD & 3 = 1.
		LoggedFrame frame = firstFrame("09F112CC");
		Map<String, Object> values = heading.decode(frame.frame().data(), false, false);
		assertThat(values).containsEntry("sid", 255L).containsEntry("reference", 1L);
		assertThat((double) values.get("heading")).isCloseTo(2.3154, org.assertj.core.data.Offset.offset(1e-9));
		assertThat((double) values.get("deviation")).isCloseTo(3.2767, org.assertj.core.data.Offset.offset(1e-9));
	}

	private static LoggedFrame firstFrame(String id) throws IOException {
		List<String> lines = Files.readAllLines(CanCorpus.file("logs/candumpSample3.txt"));
		for (int i = 0; i < lines.size(); i++) {
			LoggedFrame logged = CandumpFormat.parse("candumpSample3.txt", i + 1, lines.get(i));
			if (logged != null && logged.frame().idHex().equals(id)) {
				return logged;
			}
		}
		throw new IllegalStateException("No frame " + id);
	}

}
