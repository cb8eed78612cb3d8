package dev.library.canbus;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CanErrorFrame} (after {@code linux/can/error.h}) and
 * {@link BusOffRecovery}.
 *
 * @author Library
 */
class CanErrorFrameTests {

	@Test
	void busOffFrame() {
		// CAN_ERR_BUSOFF = 0x40.
		assertThat(CanErrorFrame.of(error(0x040, "0000000000000000")))
			.isEqualTo(new CanErrorFrame(List.of("BUS_OFF"), ControllerState.BUS_OFF, -1, -1));
	}

	@Test
	void controllerFrameWithCounters() {
		// CAN_ERR_CRTL 0x04 | CAN_ERR_CNT 0x200; byte 1 = 0x20 CAN_ERR_CRTL_TX_PASSIVE;
		// byte 6 = 0x88 = 136 transmit errors, byte 7 = 0x10 = 16 receive errors.
		assertThat(CanErrorFrame.of(error(0x204, "0020000000008810")))
			.isEqualTo(new CanErrorFrame(List.of("CONTROLLER", "COUNTERS"), ControllerState.ERROR_PASSIVE, 136, 16));
		// 0x08 CAN_ERR_CRTL_TX_WARNING; 0x40 CAN_ERR_CRTL_ACTIVE.
		assertThat(CanErrorFrame.of(error(0x004, "0008000000000000")).state()).isEqualTo(ControllerState.ERROR_WARNING);
		assertThat(CanErrorFrame.of(error(0x004, "0040000000000000")).state()).isEqualTo(ControllerState.ERROR_ACTIVE);
	}

	@Test
	void restartedFrameAndProtocolErrors() {
		// CAN_ERR_RESTARTED = 0x100: the controller is back, error active.
		assertThat(CanErrorFrame.of(error(0x100, "0000000000000000")).state()).isEqualTo(ControllerState.ERROR_ACTIVE);
		// CAN_ERR_PROT 0x08 | CAN_ERR_ACK 0x20: no state change.
		assertThat(CanErrorFrame.of(error(0x028, "0000000000000000")))
			.isEqualTo(new CanErrorFrame(List.of("PROTOCOL", "NO_ACK"), null, -1, -1));
	}

	@Test
	void recoveryBacksOffFrom100MillisecondsDoublingUpTo30Seconds() {
		BusOffRecovery recovery = new BusOffRecovery(Duration.ofMillis(100), Duration.ofSeconds(30));
		long ms = 1_000_000;
		assertThat(recovery.due(0)).isFalse();
		recovery.busOff(0);
		assertThat(recovery.due(99 * ms)).isFalse();
		assertThat(recovery.due(100 * ms)).isTrue();
		assertThat(recovery.delay()).isEqualTo(Duration.ofMillis(200));
		assertThat(recovery.due(299 * ms)).isFalse();
		assertThat(recovery.due(300 * ms)).isTrue();
		long now = 300 * ms;
		for (int i = 0; i < 20; i++) {
			now += recovery.delay().toNanos();
			assertThat(recovery.due(now)).isTrue();
		}
		assertThat(recovery.delay()).isEqualTo(Duration.ofSeconds(30));
		recovery.recovered();
		assertThat(recovery.due(now + Duration.ofMinutes(1).toNanos())).isFalse();
		// A new bus-off starts again from 100 ms.
		recovery.busOff(now);
		assertThat(recovery.due(now + 100 * ms)).isTrue();
	}

	private static CanFrame error(long classes, String hex) {
		return new CanFrame(classes, true, HexFormat.of().parseHex(hex), false, false, true);
	}

}
