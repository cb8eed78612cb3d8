package dev.library.canbus.dbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.library.canbus.CanCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DbcParser} and the codec on the real DBC files of the shared corpus
 * ({@code shared/data/can/dbc} from opendbc and canboat, {@code cantools/dbc}).
 *
 * @author Library
 */
class DbcCorpusTests {

	/** Files refused, with the precise error (cantools refuses them too). */
	private static final Map<String, String> REFUSED = Map.of("toyota_radar_dsu_tssp.dbc",
			"toyota_radar_dsu_tssp.dbc:139:1: expected ';' to end the comment (CM_) but found 'BO_'");

	static Stream<Path> corpusFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		for (String dir : List.of("dbc", "cantools/dbc")) {
			try (Stream<Path> listing = Files.list(CanCorpus.root().resolve(dir))) {
				listing.filter((file) -> file.toString().endsWith(".dbc")).sorted().forEach(files::add);
			}
		}
		assertThat(files).hasSize(28);
		return files.stream();
	}

	@ParameterizedTest
	@MethodSource("corpusFiles")
	void everyFileLoadsOrIsRefusedWithAPreciseError(Path file) throws IOException {
		String refusal = REFUSED.get(file.getFileName().toString());
		if (refusal != null) {
			assertThatExceptionOfType(DbcException.class).isThrownBy(() -> DbcParser.parse(file)).withMessage(refusal);
			return;
		}
		Database database = DbcParser.parse(file);
		assertThat(database.getMessages()).isNotEmpty();
	}

	@ParameterizedTest
	@MethodSource("corpusFiles")
	void everyMessageRoundTripsRandomValues(Path file) throws IOException {
		if (REFUSED.containsKey(file.getFileName().toString())) {
			return;
		}
		Random random = new Random(file.getFileName().toString().hashCode());
		for (Message message : DbcParser.parse(file).getMessages()) {
			for (int i = 0; i < 20; i++) {
				roundTrip(message, random);
			}
		}
	}

	/**
	 * Draw a raw value for every signal, encode the physical values of those the
	 * multiplexers select, decode, and expect the same raw values back. Signals that
	 * share bits with another selected signal (opendbc files have such overlaps) are left
	 * out.
	 */
	private void roundTrip(Message message, Random random) {
		Map<String, Long> raws = new LinkedHashMap<>();
		for (Signal signal : message.getSignals()) {
			raws.put(signal.getName(), randomRaw(signal, random));
		}
		byte[] probe = new byte[message.getLength()];
		for (Signal signal : message.getSignals()) {
			if (signal.fitsIn(probe.length)) {
				signal.writeRaw(probe, raws.get(signal.getName()));
			}
		}
		Map<String, Long> selected = new LinkedHashMap<>();
		message.decode(probe, (signal, raw) -> selected.put(signal.getName(), raws.get(signal.getName())));
		Map<String, Object> physical = new LinkedHashMap<>();
		List<Signal> kept = new ArrayList<>();
		for (String name : selected.keySet()) {
			Signal signal = message.getSignal(name);
			if (kept.stream().noneMatch((other) -> overlaps(other, signal, probe.length))) {
				kept.add(signal);
				physical.put(name, signal.toPhysical(selected.get(name)));
			}
		}
		byte[] data = message.encode(physical, false);
		Map<String, Long> decoded = new LinkedHashMap<>();
		message.decode(data, (signal, raw) -> decoded.put(signal.getName(), raw));
		for (Signal signal : kept) {
			long expected = selected.get(signal.getName());
			assertThat(decoded.get(signal.getName())).as("%s.%s", message.getName(), signal.getName())
				.isEqualTo(expected);
		}
	}

	private static long randomRaw(Signal signal, Random random) {
		int length = signal.getLength();
		if (signal.getValueType() == ValueType.FLOAT) {
			return Float.floatToIntBits((float) random.nextGaussian() * 1000) & 0xFFFFFFFFL;
		}
		if (signal.getValueType() == ValueType.DOUBLE) {
			return Double.doubleToLongBits(random.nextGaussian() * 1e6);
		}
		// Physical values are doubles: keep raw values within their 52-bit exact range.
		int bits = Math.min(length, 52);
		long raw = random.nextLong() & ((1L << bits) - 1);
		if (signal.isSigned() && bits == length) {
			int shift = 64 - length;
			raw = (raw << shift) >> shift;
		}
		return raw;
	}

	private static boolean overlaps(Signal a, Signal b, int length) {
		byte[] first = new byte[length];
		byte[] second = new byte[length];
		a.writeRaw(first, -1L);
		b.writeRaw(second, -1L);
		for (int i = 0; i < length; i++) {
			if ((first[i] & second[i]) != 0) {
				return true;
			}
		}
		return false;
	}

	@Test
	void fileFeaturesMatchTheCorpusNotes() throws IOException {
		// Counts from shared/data/can/dbc/SOURCES.md.
		Database esr = DbcParser.parse(CanCorpus.file("dbc/ESR.dbc"));
		assertThat(esr.getMessages()).hasSize(80);
		assertThat(signals(esr)).hasSize(868);
		assertThat(signals(esr).stream().filter(Signal::isSigned)).hasSize(281);
		Database ford = DbcParser.parse(CanCorpus.file("dbc/ford_lincoln_base_pt.dbc"));
		assertThat(ford.getMessages()).hasSize(331);
		assertThat(ford.getMessages().stream().filter(Message::isExtended)).hasSize(49);
		assertThat(signals(ford)).hasSize(2150);
		Database canboat = DbcParser.parse(CanCorpus.file("dbc/canboat.dbc"));
		assertThat(canboat.getMessages()).hasSize(345).allMatch(Message::isExtended);
		Database lowspeed = DbcParser.parse(CanCorpus.file("dbc/gm_global_a_lowspeed.dbc"));
		assertThat(lowspeed.getMessages()).hasSize(13).allMatch(Message::isExtended);
		Database psa = DbcParser.parse(CanCorpus.file("dbc/psa_aee2010_r3.dbc"));
		assertThat(signals(psa)).anyMatch((signal) -> signal.getName().equals("0_COUNTER"))
			.anyMatch((signal) -> signal.getUnit().equals("°C"));
		Database test = DbcParser.parse(CanCorpus.file("dbc/test.dbc"));
		assertThat(test.getMessages()).anyMatch((message) -> message.getLength() == 32);
		Database vwPq = DbcParser.parse(CanCorpus.file("dbc/vw_pq.dbc"));
		// 73 signals marked m<n>, and MO2_Mp_Code marked with a lone "m" read as a
		// multiplexer.
		assertThat(signals(vwPq).stream().filter((signal) -> signal.getMultiplexerSignal() != null)).hasSize(73);
		assertThat(vwPq.getMessage("Motor_2").getSignal("MO2_Mp_Code").isMultiplexer()).isTrue();
	}

	@Test
	void teslaFramesFromTheCaptureDecodeAsComputedByHand() throws IOException {
		Database chassis = DbcParser.parse(CanCorpus.file("dbc/tesla_can.dbc"));
		Database powertrain = DbcParser.parse(CanCorpus.file("dbc/tesla_powertrain.dbc"));
		// logs/candump.log line 2: 00E#206F3FFF08FF20E7 (STW_ANGLHP_STAT, Motorola).
		// StW_AnglHP 5|14@0+: bits 5..0 of byte 0 (0x20 -> 100000) then byte 1 (0x6F):
		// 0b10000001101111 = 8303; 8303 * 0.1 - 819.2 = 11.1 deg.
		// StW_AnglHP_Spd 21|14@0+: bits 5..0 of byte 2 (0x3F) then byte 3 (0xFF) = 16383,
		// the "SNA" choice. Sens_Stat 33|2@0+: bits 1..0 of byte 4 (0x08) = 0 "OK";
		// Sens_Id 35|2@0+: bits 3..2 of 0x08 = 0b10 = 2 "KOSTAL". MC 55|4@0+: bits 7..4
		// of
		// byte 6 (0x20) = 2. CRC 63|8@0+: byte 7 = 0xE7 = 231.
		Map<String, Object> steering = chassis.getMessage(0x00E, false).decode(hex("206F3FFF08FF20E7"));
		assertThat((double) steering.get("StW_AnglHP")).isCloseTo(11.1, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(steering).containsEntry("StW_AnglHP_Spd", "SNA")
			.containsEntry("StW_AnglHP_Sens_Stat", "OK")
			.containsEntry("StW_AnglHP_Sens_Id", "KOSTAL")
			.containsEntry("MC_STW_ANGLHP_STAT", 2L)
			.containsEntry("CRC_STW_ANGLHP_STAT", 231L);
		// Line 4 onwards: 116#0010F4118EBA (DI_torque2, Intel, 6 bytes).
		// DI_torqueEstimate 0|12@1-: byte 0 + low nibble of byte 1 = 0 -> 0.0 Nm.
		// DI_gear 12|3@1+: bits 4..6 of byte 1 (0x10) = 1 "DI_GEAR_P". DI_vehicleSpeed
		// 16|12@1+: byte 2 (0xF4) + low nibble of byte 3 (0x1) = 0x1F4 = 500;
		// 500 * 0.05 - 25 = 0.0 MPH. DI_torque2Counter 32|4@1+: low nibble of 0x8E = 14.
		// DI_epbInterfaceReady 39: bit 7 of 0x8E = 1. Checksum 40|8: 0xBA = 186.
		Map<String, Object> torque = powertrain.getMessage(0x116, false).decode(hex("0010F4118EBA"));
		assertThat(torque).containsEntry("DI_torqueEstimate", 0.0)
			.containsEntry("DI_gear", "DI_GEAR_P")
			.containsEntry("DI_vehicleSpeed", 0.0)
			.containsEntry("DI_gearRequest", "DI_GEAR_P")
			.containsEntry("DI_torque2Counter", 14L)
			.containsEntry("DI_epbInterfaceReady", "EPB_INTERFACE_READY")
			.containsEntry("DI_torque2Checksum", 186L);
		assertThat(powertrain.getMessage(0x116, false).encode(torque)).isEqualTo(hex("0010F4118EBA"));
	}

	@Test
	void cantoolsFloatingPointAndMultiplexFilesDecode() throws IOException {
		Database floats = DbcParser.parse(CanCorpus.file("cantools/dbc/floating_point.dbc"));
		Message message1 = floats.getMessage("Message1");
		assertThat(message1.getSignal("Signal1").getValueType()).isEqualTo(ValueType.DOUBLE);
		// 2.5 = 0x4004000000000000, little endian.
		assertThat(message1.decode(hex("0000000000000440"))).containsEntry("Signal1", 2.5);
		Database multiplex = DbcParser.parse(CanCorpus.file("cantools/dbc/multiplex.dbc"));
		// BO_ 2148676694 = 0x80123456: bit 31 marks the extended id 0x123456.
		Message mux = multiplex.getMessage(0x123456, true);
		// Multiplexor 2|6@1+: bits 2..7 of byte 0. 24 << 2 = 0x60 selects the m24 signals
		// and BIT_L (SG_MUL_VAL_ 8-8, 16-16, 24-24); BIT_A 26|1: bit 2 of byte 3.
		assertThat(mux.decode(hex("6000000400000000"))).containsEntry("Multiplexor", 24L)
			.containsEntry("BIT_A", 1L)
			.containsKey("BIT_L");
		// 16 << 2 = 0x40 selects only the four SG_MUL_VAL_ signals: BIT_L 24|1 is bit 0
		// of
		// byte 3.
		assertThat(mux.decode(hex("4000000100000000")))
			.containsOnlyKeys("Multiplexor", "BIT_L", "BIT_G", "BIT_C", "BIT_J")
			.containsEntry("BIT_L", 1L);
	}

	private static List<Signal> signals(Database database) {
		return database.getMessages().stream().flatMap((message) -> message.getSignals().stream()).toList();
	}

	static byte[] hex(String hex) {
		byte[] data = new byte[hex.length() / 2];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return data;
	}

}
