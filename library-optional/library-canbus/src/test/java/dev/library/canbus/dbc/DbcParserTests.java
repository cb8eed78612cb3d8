package dev.library.canbus.dbc;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DbcParser} on small inline databases: one per DBC feature, with the
 * expected values worked out by hand from the bit layout.
 *
 * @author Library
 */
class DbcParserTests {

	private static final String HEADER = """
			VERSION "1.0"

			NS_ :
				CM_
				BA_DEF_
				SG_MUL_VAL_

			BS_:

			BU_: ECU GW
			""";

	@Test
	void intelSignalReadsFromItsLeastSignificantBit() {
		Message message = message("""
				BO_ 256 Engine: 8 ECU
				 SG_ Speed : 4|12@1+ (0.5,-10) [-10|2037.5] "km/h" GW
				""");
		// Intel, start bit 4, 12 bits: bits 4..7 of byte 0 are the low nibble, byte 1 the
		// high byte. Raw 0xABC: byte 0 = 0xC0, byte 1 = 0xAB. Physical = 2748 * 0.5 - 10.
		byte[] data = { (byte) 0xC0, (byte) 0xAB, 0, 0, 0, 0, 0, 0 };
		assertThat(message.decode(data)).containsEntry("Speed", 2748 * 0.5 - 10);
		assertThat(message.encode(Map.of("Speed", 1364.0))).isEqualTo(data);
		Signal speed = message.getSignal("Speed");
		assertThat(speed.getUnit()).isEqualTo("km/h");
		assertThat(speed.getReceivers()).containsExactly("GW");
		assertThat(speed.getMinimum()).isEqualTo(-10.0);
		assertThat(speed.getMaximum()).isEqualTo(2037.5);
	}

	@Test
	void motorolaSignalReadsFromItsMostSignificantBitInSawtoothNumbering() {
		Message message = message("""
				BO_ 256 Engine: 8 ECU
				 SG_ Rpm : 3|12@0+ (1,0) [0|4095] "rpm" GW
				""");
		// Motorola, start bit 3 (bit 3 of byte 0) is the MSB: bits 3..0 of byte 0 are the
		// high nibble, then byte 1. Raw 0x5A7: byte 0 = 0x05, byte 1 = 0xA7.
		byte[] data = { 0x05, (byte) 0xA7, 0, 0, 0, 0, 0, 0 };
		assertThat(message.decode(data)).containsEntry("Rpm", 0x5A7L);
		assertThat(message.encode(Map.of("Rpm", 0x5A7L))).isEqualTo(data);
	}

	@Test
	void signedSignalIsTwosComplement() {
		Message message = message("""
				BO_ 256 Engine: 8 ECU
				 SG_ Torque : 8|10@1- (0.25,0) [-128|127.75] "Nm" GW
				""");
		// 10 bits from bit 8: byte 1 and bits 0..1 of byte 2. Raw 0x3FE = -2 in 10-bit
		// two's complement: byte 1 = 0xFE, byte 2 = 0x03. Physical = -2 * 0.25.
		byte[] data = { 0, (byte) 0xFE, 0x03, 0, 0, 0, 0, 0 };
		assertThat(message.decode(data)).containsEntry("Torque", -0.5);
		assertThat(message.encode(Map.of("Torque", -0.5))).isEqualTo(data);
	}

	@Test
	void wholeFactorAndOffsetGiveWholeNumbers() {
		Message message = message("""
				BO_ 256 Engine: 2 ECU
				 SG_ Temp : 0|8@1+ (1,-40) [-40|215] "degC" GW
				""");
		// 0x50 = 80; 80 * 1 - 40 = 40.
		assertThat(message.decode(new byte[] { 0x50, 0 })).containsEntry("Temp", 40L);
	}

	@Test
	void ieeeFloatAndDoubleSignalsFollowSigValtype() {
		Database database = parse("""
				BO_ 1024 Floats: 12 ECU
				 SG_ Single : 0|32@1- (1,0) [0|0] "" GW
				 SG_ Double : 32|64@1- (1,0) [0|0] "" GW
				SIG_VALTYPE_ 1024 Single : 1;
				SIG_VALTYPE_ 1024 Double : 2;
				""");
		Message message = database.getMessage("Floats");
		// 1.5f = 0x3FC00000, little endian: 00 00 C0 3F. -2.0 = 0xC000000000000000.
		byte[] data = { 0, 0, (byte) 0xC0, 0x3F, 0, 0, 0, 0, 0, 0, 0, (byte) 0xC0 };
		assertThat(message.getSignal("Single").getValueType()).isEqualTo(ValueType.FLOAT);
		assertThat(message.decode(data)).containsEntry("Single", 1.5).containsEntry("Double", -2.0);
		assertThat(message.encode(Map.of("Single", 1.5, "Double", -2.0))).isEqualTo(data);
	}

	@Test
	void floatValueTypeOnAShortSignalIsRefusedWithItsPosition() {
		assertThatExceptionOfType(DbcException.class).isThrownBy(() -> parse("""
				BO_ 1024 Floats: 8 ECU
				 SG_ Single : 0|16@1- (1,0) [0|0] "" GW
				SIG_VALTYPE_ 1024 Single : 1;
				""")).withMessage("test.dbc:13:28: signal 'Single' is 16 bits, an IEEE float needs 32");
	}

	@Test
	void valueTablesAndChoicesNameRawValues() {
		Database database = parse("""
				VAL_TABLE_ Gears 0 "P" 1 "R" 2 "N" 3 "D" ;
				BO_ 256 Gearbox: 1 ECU
				 SG_ Gear : 0|2@1+ (1,0) [0|3] "" GW
				VAL_ 256 Gear 0 "PARK" 1 "REVERSE" 2 "NEUTRAL" 3 "DRIVE" ;
				""");
		Message message = database.getMessage("Gearbox");
		assertThat(database.getValueTables().get("Gears")).containsEntry(3L, "D");
		assertThat(message.decode(new byte[] { 3 })).containsEntry("Gear", "DRIVE");
		assertThat(message.decode(new byte[] { 3 }, false, false)).containsEntry("Gear", 3L);
		assertThat(message.encode(Map.of("Gear", "REVERSE"))).containsExactly(1);
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> message.encode(Map.of("Gear", "SPORT")))
			.withMessage("Signal 'Gear' has no choice 'SPORT'");
	}

	@Test
	void encodingChecksRangeAndBits() {
		Message message = message("""
				BO_ 256 Engine: 1 ECU
				 SG_ Level : 0|8@1+ (1,0) [0|100] "%" GW
				""");
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> message.encode(Map.of("Level", 101)))
			.withMessage("Signal 'Level' value 101 is outside its range [0.0, 100.0]");
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> message.encode(Map.of("Level", 256), false))
			.withMessage("Signal 'Level' value 256 does not fit in 8 unsigned bits");
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> message.encode(Map.of()))
			.withMessage("Message 'Engine' needs a value for signal 'Level'");
	}

	@Test
	void simpleMultiplexingSelectsSignalsByTheMultiplexerValue() {
		Message message = message("""
				BO_ 256 Mux: 2 ECU
				 SG_ Page M : 0|4@1+ (1,0) [0|15] "" GW
				 SG_ Voltage m0 : 8|8@1+ (0.1,0) [0|25.5] "V" GW
				 SG_ Current m1 : 8|8@1- (1,0) [-128|127] "A" GW
				""");
		// Page 0 selects Voltage (0x7B = 123 -> 12.3 V); page 1 the same byte as Current
		// (0xFE = -2 A).
		assertThat(message.decode(new byte[] { 0, 0x7B })).containsOnlyKeys("Page", "Voltage")
			.containsEntry("Voltage", 123 * 0.1);
		assertThat(message.decode(new byte[] { 1, (byte) 0xFE })).containsOnlyKeys("Page", "Current")
			.containsEntry("Current", -2L);
		assertThat(message.encode(Map.of("Page", 1, "Current", -2))).containsExactly(1, 0xFE);
		assertThat(message.isMultiplexed()).isTrue();
	}

	@Test
	void extendedMultiplexingFollowsSgMulValRanges() {
		Message message = message("""
				BO_ 256 Mux: 3 ECU
				 SG_ Service M : 0|8@1+ (1,0) [0|0] "" GW
				 SG_ Pid m1M : 8|8@1+ (1,0) [0|0] "" GW
				 SG_ Coolant m5 : 16|8@1+ (1,-40) [0|0] "degC" GW
				 SG_ Other m2 : 16|8@1+ (1,0) [0|0] "" GW
				SG_MUL_VAL_ 256 Pid Service 1-1, 9-9;
				SG_MUL_VAL_ 256 Coolant Pid 5-5;
				SG_MUL_VAL_ 256 Other Service 2-4;
				""");
		// Service 9 selects Pid (range 9-9); Pid 5 selects Coolant: 0x5A = 90 -> 50 degC.
		assertThat(message.decode(new byte[] { 9, 5, 0x5A })).containsOnlyKeys("Service", "Pid", "Coolant")
			.containsEntry("Coolant", 50L);
		// Service 3 is in Other's range 2-4; Pid is not selected, so neither is Coolant.
		assertThat(message.decode(new byte[] { 3, 5, 0x5A })).containsOnlyKeys("Service", "Other")
			.containsEntry("Other", 0x5AL);
		assertThat(message.encode(Map.of("Service", 1, "Pid", 5, "Coolant", 50))).containsExactly(1, 5, 0x5A);
	}

	@Test
	void extendedIdsAreReadWithAndWithoutTheBit31Marker() {
		Database database = parse("""
				BO_ 2566844926 Marked: 8 ECU
				BO_ 418316030 Unmarked: 8 ECU
				BO_ 2047 Standard: 8 ECU
				""");
		// 2566844926 = 0x98FEF1FE: bit 31 marks an extended id 0x18FEF1FE. 418316030 =
		// 0x18EEFEFE is above 0x7FF, so it can only be extended (opendbc reads it so).
		assertThat(database.getMessage(0x18FEF1FEL, true).getName()).isEqualTo("Marked");
		assertThat(database.getMessage(0x18EEFEFEL, true).getName()).isEqualTo("Unmarked");
		assertThat(database.getMessage(0x7FF, false).getName()).isEqualTo("Standard");
		assertThat(database.getMessage(0x7FF, true)).isNull();
	}

	@Test
	void canFdMessagesHoldUpTo64Bytes() {
		Message message = message("""
				BO_ 256 Fd: 64 ECU
				 SG_ Last : 504|8@1+ (1,0) [0|0] "" GW
				""");
		byte[] data = new byte[64];
		data[63] = 0x42;
		assertThat(message.decode(data)).containsEntry("Last", 0x42L);
	}

	@Test
	void commentsAttributesSendersAndCycleTimeAreKept() {
		Database database = parse("""
				BO_ 256 Engine: 8 ECU
				 SG_ Speed : 0|8@1+ (1,0) [0|0] "" GW
				BO_TX_BU_ 256 : ECU,GW;
				CM_ "The database";
				CM_ BO_ 256 "Engine status,
				sent every 100 ms with a \\"quoted\\" word";
				CM_ SG_ 256 Speed "Vehicle speed";
				BA_DEF_ BO_ "GenMsgCycleTime" INT 0 65535;
				BA_DEF_ SG_ "GenSigStartValue" INT 0 255;
				BA_DEF_ "BusType" STRING ;
				BA_DEF_DEF_ "GenMsgCycleTime" 0;
				BA_DEF_DEF_ "BusType" "";
				BA_ "BusType" "CAN";
				BA_ "GenMsgCycleTime" BO_ 256 100;
				BA_ "GenSigStartValue" SG_ 256 Speed 7;
				""");
		Message message = database.getMessage("Engine");
		assertThat(database.getNodes()).containsExactly("ECU", "GW");
		assertThat(database.getVersion()).isEqualTo("1.0");
		assertThat(database.getAttributes()).containsEntry("BusType", "CAN");
		assertThat(message.getSenders()).containsExactly("ECU", "GW");
		assertThat(message.getComment()).isEqualTo("Engine status,\nsent every 100 ms with a \"quoted\" word");
		assertThat(message.getCycleTime()).isEqualTo(Duration.ofMillis(100));
		assertThat(message.getSignal("Speed").getComment()).isEqualTo("Vehicle speed");
		assertThat(message.getSignal("Speed").getAttributes()).containsEntry("GenSigStartValue", 7L);
	}

	@Test
	void syntaxErrorNamesLineAndColumn() {
		assertThatExceptionOfType(DbcException.class).isThrownBy(() -> DbcParser.parse("bad.dbc", """
				BO_ 256 Engine: 8 ECU
				 SG_ Speed : 0|8@2+ (1,0) [0|0] "" GW
				""")).satisfies((ex) -> {
			assertThat(ex).hasMessage("bad.dbc:2:18: byte order must be 0 (Motorola) or 1 (Intel), not '2'");
			assertThat(ex.getLine()).isEqualTo(2);
			assertThat(ex.getColumn()).isEqualTo(18);
		});
	}

	@Test
	void unknownKeywordAndUnclosedStringAreRefused() {
		assertThatExceptionOfType(DbcException.class)
			.isThrownBy(() -> DbcParser.parse("bad.dbc", "BO_ 1 A: 8 X\nFOO_ 1;"))
			.withMessage("bad.dbc:2:1: unknown keyword 'FOO_'");
		assertThatExceptionOfType(DbcException.class).isThrownBy(() -> DbcParser.parse("bad.dbc", "CM_ \"open"))
			.withMessage("bad.dbc:1:5: string is not closed");
		assertThatExceptionOfType(DbcException.class)
			.isThrownBy(() -> DbcParser.parse("bad.dbc", "BO_ 1 A: 8 X\n SG_ S m3 : 0|8@1+ (1,0) [0|0] \"\" X"))
			.withMessage(
					"bad.dbc:2:6: signal 'S' of message 'A' is multiplexed but the message has no multiplexer (M) signal");
	}

	private static Message message(String body) {
		return parse(body).getMessages().get(0);
	}

	private static Database parse(String body) {
		return DbcParser.parse("test.dbc", HEADER + body);
	}

}
