package dev.library.canbus.slcan;

import java.util.HexFormat;

import dev.library.canbus.CanFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SlcanCodec}.
 *
 * @author Library
 */
class SlcanCodecTests {

	@Test
	void standardAndExtendedFramesRoundTrip() {
		CanFrame standard = CanFrame.of(0x116, false, HexFormat.of().parseHex("0010F4118EBA"));
		assertThat(SlcanCodec.encode(standard)).isEqualTo("t11660010F4118EBA");
		assertThat(SlcanCodec.decode("t11660010F4118EBA")).isEqualTo(standard);
		CanFrame extended = CanFrame.of(0x09F20101L, true, HexFormat.of().parseHex("601A00B706670D0B"));
		assertThat(SlcanCodec.encode(extended)).isEqualTo("T09F201018601A00B706670D0B");
		assertThat(SlcanCodec.decode("T09F201018601A00B706670D0B")).isEqualTo(extended);
	}

	@Test
	void timestampAfterTheDataIsIgnored() {
		assertThat(SlcanCodec.decode("t1232ABCD1F2E").data()).containsExactly(0xAB, 0xCD);
	}

	@Test
	void remoteAndCanFdFrames() {
		assertThat(SlcanCodec.decode("r1230").remote()).isTrue();
		// d: CAN FD, length code 9 = 12 bytes.
		CanFrame fd = SlcanCodec.decode("d1239" + "00".repeat(12));
		assertThat(fd.fd()).isTrue();
		assertThat(fd.data()).hasSize(12);
		assertThat(SlcanCodec.encode(fd)).isEqualTo("d1239" + "00".repeat(12));
	}

	@Test
	void acknowledgementsAreNotFrames() {
		assertThat(SlcanCodec.decode("")).isNull();
		assertThat(SlcanCodec.decode("z")).isNull();
		assertThat(SlcanCodec.decode("V1013")).isNull();
	}

	@Test
	void malformedFramesAndBitratesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SlcanCodec.decode("t1232AB"))
			.withMessage("SLCAN frame 't1232AB' does not hold 2 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> SlcanCodec.bitrateCommand(33_000))
			.withMessageStartingWith("SLCAN has no bitrate 33000");
		assertThat(SlcanCodec.bitrateCommand(500_000)).isEqualTo("S6");
	}

}
