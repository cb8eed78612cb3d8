package dev.library.canbus;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A SocketCAN error frame decoded after {@code linux/can/error.h}: the error classes in
 * its id, the controller status in byte 1 and, with {@code CAN_ERR_CNT}, the transmit and
 * receive error counters in bytes 6 and 7.
 *
 * @param classes the error classes, such as {@code BUS_OFF} or {@code CONTROLLER}
 * @param state the controller state the frame tells of, or {@code null} if it tells none
 * @param txErrors the transmit error counter, or -1 if the frame does not carry it
 * @param rxErrors the receive error counter, or -1
 * @author Library
 */
public record CanErrorFrame(List<String> classes, @Nullable ControllerState state, int txErrors, int rxErrors) {

	private static final String[] CLASS_NAMES = { "TX_TIMEOUT", "LOST_ARBITRATION", "CONTROLLER", "PROTOCOL",
			"TRANSCEIVER", "NO_ACK", "BUS_OFF", "BUS_ERROR", "RESTARTED", "COUNTERS" };

	private static final int CRTL = 0x004;

	private static final int BUSOFF = 0x040;

	private static final int RESTARTED = 0x100;

	private static final int CNT = 0x200;

	/**
	 * Decode an error frame.
	 * @param frame the frame ({@link CanFrame#error()}; its id holds the classes)
	 * @return what it says
	 */
	public static CanErrorFrame of(CanFrame frame) {
		long id = frame.id();
		byte[] data = frame.data();
		List<String> classes = new ArrayList<>();
		for (int bit = 0; bit < CLASS_NAMES.length; bit++) {
			if ((id & (1L << bit)) != 0) {
				classes.add(CLASS_NAMES[bit]);
			}
		}
		ControllerState state = null;
		if ((id & BUSOFF) != 0) {
			state = ControllerState.BUS_OFF;
		}
		else if ((id & RESTARTED) != 0) {
			state = ControllerState.ERROR_ACTIVE;
		}
		else if ((id & CRTL) != 0 && data.length > 1) {
			int status = data[1] & 0xFF;
			if ((status & 0x30) != 0) { // CAN_ERR_CRTL_RX_PASSIVE, _TX_PASSIVE
				state = ControllerState.ERROR_PASSIVE;
			}
			else if ((status & 0x0C) != 0) { // CAN_ERR_CRTL_RX_WARNING, _TX_WARNING
				state = ControllerState.ERROR_WARNING;
			}
			else if ((status & 0x40) != 0) { // CAN_ERR_CRTL_ACTIVE
				state = ControllerState.ERROR_ACTIVE;
			}
		}
		boolean counters = (id & CNT) != 0 && data.length >= 8;
		return new CanErrorFrame(List.copyOf(classes), state, counters ? data[6] & 0xFF : -1,
				counters ? data[7] & 0xFF : -1);
	}

}
