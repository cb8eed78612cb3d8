package dev.library.canbus.candump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import dev.library.canbus.CanCorpus;
import dev.library.canbus.CanFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CandumpFormat}: each of candump's formats, and every capture file of
 * the shared corpus ({@code shared/data/can/logs}, {@code cantools/logs}).
 *
 * @author Library
 */
class CandumpFormatTests {

	@Test
	void logFormatGivesTimestampInterfaceAndFrame() {
		LoggedFrame logged = parse("(1594172461.968006) vcan0 0C8#F000000000000000");
		assertThat(logged.timestampNanos()).isEqualTo(1_594_172_461_968_006_000L);
		assertThat(logged.interfaceName()).isEqualTo("vcan0");
		assertThat(logged.frame()).isEqualTo(CanFrame.of(0xC8, false, hex("F000000000000000")));
	}

	@Test
	void directionFlagOfMinusLIsIgnored() {
		assertThat(parse("(1594172462.968006) vcan0 0C8#F000000000000000 T").frame().id()).isEqualTo(0xC8);
	}

	@Test
	void eightHexDigitsMakeAnExtendedId() {
		CanFrame frame = parse("(0000000000.352000) vcan0 09F20101#601A00B706670D0B\r").frame();
		assertThat(frame.extended()).isTrue();
		assertThat(frame.id()).isEqualTo(0x09F20101L);
	}

	@Test
	void canFdFrameHasFlagsThenUpTo64Bytes() {
		CanFrame frame = parse("(1.000000) can0 123##1" + "AB".repeat(12)).frame();
		assertThat(frame.fd()).isTrue();
		assertThat(frame.data()).hasSize(12);
		assertThat(frame.toCandump()).isEqualTo("123##0" + "AB".repeat(12));
	}

	@Test
	void remoteAndErrorFramesAreRecognised() {
		assertThat(parse("(1.0) can0 123#R").frame().remote()).isTrue();
		CanFrame error = parse("(1.0) can0 20000080#0000000000000000").frame();
		assertThat(error.error()).isTrue();
		assertThat(error.id()).isEqualTo(0x80);
		assertThat(parse("  vcan0  ERROR").frame().error()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "  can0  09F8027F   [8]  00 FC FF FF 00 00 FF FF|09F8027F|true|8",
					"  vcan0  401   [6]  00 00 98 98 0B 00|401|false|6",
					"  vcan0  064   [10]  F0 01 FF FF FF FF FF FF FF FF|064|false|10",
					" (1594172461.968006)  vcan0  0C8   [8]  F0 00 00 00 00 00 00 00|0C8|false|8" })
	void screenFormatGivesIdAndBytes(String line, String id, boolean extended, int length) {
		CanFrame frame = parse(line).frame();
		assertThat(frame.idHex()).isEqualTo(id);
		assertThat(frame.extended()).isEqualTo(extended);
		assertThat(frame.data()).hasSize(length);
	}

	@Test
	void commentsAndBlankLinesAreSkipped() {
		assertThat(CandumpFormat.parse("t", 1, "# comment")).isNull();
		assertThat(CandumpFormat.parse("t", 1, "   \r")).isNull();
	}

	@Test
	void lineInNoFormatIsRefusedWithItsNumber() {
		assertThatExceptionOfType(CandumpFormatException.class)
			.isThrownBy(() -> CandumpFormat.parse("x.log", 7, "(1.0) can0 12345#00"))
			.withMessage("x.log:7: bad CAN id '12345' in '(1.0) can0 12345#00'");
		assertThatExceptionOfType(CandumpFormatException.class)
			.isThrownBy(() -> CandumpFormat.parse("x.log", 8, "(1.0) can0 123#0"))
			.withMessage("x.log:8: odd number of hex digits in '0' in '(1.0) can0 123#0'");
	}

	@ParameterizedTest
	@CsvSource({ "logs/candump.log, 12974, 180, false", "logs/candumpSample3.txt, 2368, 33, true",
			"logs/actisense-522.candump.log, 106, 14, true", "logs/candump-fast-cr.txt, 23, 1, true",
			"logs/candumpSample2.txt, 402, 13, true", "cantools/logs/msxii_candump.txt, 36, 1, false",
			"cantools/logs/socialledge_candump.txt, 5, 5, false",
			"cantools/logs/socialledge_candump_L.log, 7, 5, false" })
	void everyCaptureFileParses(String file, int frames, int ids, boolean allExtended) throws IOException {
		List<String> lines = Files.readAllLines(CanCorpus.file(file), StandardCharsets.UTF_8);
		List<LoggedFrame> parsed = new java.util.ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			LoggedFrame logged = CandumpFormat.parse(file, i + 1, lines.get(i));
			if (logged != null) {
				parsed.add(logged);
			}
		}
		assertThat(parsed).hasSize(frames);
		assertThat(parsed.stream().map((logged) -> logged.frame().idHex()).filter(Objects::nonNull).distinct())
			.hasSize(ids);
		if (allExtended) {
			assertThat(parsed).allMatch((logged) -> logged.frame().extended());
		}
	}

	private static LoggedFrame parse(String line) {
		LoggedFrame logged = CandumpFormat.parse("test.log", 1, line);
		assertThat(logged).isNotNull();
		return logged;
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
