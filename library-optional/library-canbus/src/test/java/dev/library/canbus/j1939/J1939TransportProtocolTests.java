package dev.library.canbus.j1939;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.library.canbus.j1939.J1939TransportProtocol.Timeouts;
import dev.library.canbus.j1939.J1939TransportProtocol.Transfer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link J1939TransportProtocol}: frame sequences of J1939-21 written out byte
 * by byte. A TP.CM id 0x1CECFF00 is priority 7 (0x1C >> 2), PF 0xEC (PGN 0xEC00), PS 0xFF
 * (global), source 0x00; TP.DT ids have PF 0xEB. The transfers carry PGN 0xFF10, written
 * little-endian in bytes 5 to 7 of TP.CM as {@code 10 FF 00}.
 *
 * @author Library
 */
class J1939TransportProtocolTests {

	private static final long MS = 1_000_000;

	private final List<Transfer> delivered = new ArrayList<>();

	private final List<String> dropped = new ArrayList<>();

	private final J1939TransportProtocol protocol = new J1939TransportProtocol(Timeouts.standard(),
			new J1939TransportProtocol.Listener() {

				@Override
				public void delivered(Transfer transfer) {
					J1939TransportProtocolTests.this.delivered.add(transfer);
				}

				@Override
				public void dropped(int pgn, int source, int destination, String reason) {
					J1939TransportProtocolTests.this.dropped.add(Integer.toHexString(pgn) + ": " + reason);
				}

			});

	@Test
	void broadcastIsReassembledFromItsPackets() {
		// BAM (32): 17 bytes (0x11), 3 packets = ceil(17 / 7).
		frame(0x1CECFF00, "201100 03 FF 10FF00", 0);
		frame(0x1CEBFF00, "01 01020304050607", 50);
		frame(0x1CEBFF00, "02 08090A0B0C0D0E", 100);
		assertThat(this.delivered).isEmpty();
		// The last packet carries 17 - 14 = 3 bytes and padding.
		frame(0x1CEBFF00, "03 0F1011FFFFFFFF", 150);
		assertThat(this.delivered).singleElement().satisfies((transfer) -> {
			assertThat(transfer.pgn()).isEqualTo(0xFF10);
			assertThat(transfer.source()).isZero();
			assertThat(transfer.destination()).isEqualTo(0xFF);
			assertThat(transfer.data()).isEqualTo(HexFormat.of().parseHex("0102030405060708090A0B0C0D0E0F1011"));
			// PDU2 (PF 0xFF >= 240): (7 << 26) | (0xFF10 << 8) | source 0x00.
			assertThat(transfer.frameId()).isEqualTo(0x1CFF1000L);
		});
		assertThat(this.dropped).isEmpty();
		assertThat(this.protocol.openSessions()).isZero();
	}

	@Test
	void connectionTransferFollowsTheWindowsOfItsCts() {
		// RTS (16) from 0x00 to 0xF9: 17 bytes, 3 packets, at most 2 per CTS.
		frame(0x1CECF900, "10 1100 03 02 10FF00", 0);
		// CTS (17) from 0xF9 to 0x00: 2 packets from packet 1.
		frame(0x1CEC00F9, "11 02 01 FFFF 10FF00", 100);
		frame(0x1CEBF900, "01 01020304050607", 120);
		frame(0x1CEBF900, "02 08090A0B0C0D0E", 140);
		// A packet before the next CTS is outside any window; here the CTS comes first:
		// 1 packet from packet 3.
		frame(0x1CEC00F9, "11 01 03 FFFF 10FF00", 300);
		frame(0x1CEBF900, "03 0F1011FFFFFFFF", 320);
		// End of message acknowledgement (19).
		frame(0x1CEC00F9, "13 1100 03 FF 10FF00", 400);
		assertThat(this.delivered).singleElement().satisfies((transfer) -> {
			assertThat(transfer.destination()).isEqualTo(0xF9);
			assertThat(transfer.data()).hasSize(17);
		});
		assertThat(this.dropped).isEmpty();
		assertThat(this.protocol.openSessions()).isZero();
	}

	@Test
	void broadcastSilentForLongerThanT1IsDropped() {
		frame(0x1CECFF00, "20 1100 03 FF 10FF00", 0);
		frame(0x1CEBFF00, "01 01020304050607", 50);
		// T1 = 750 ms after packet 1: 801 ms is too late.
		frame(0x1CEBFF00, "02 08090A0B0C0D0E", 801);
		assertThat(this.delivered).isEmpty();
		assertThat(this.dropped).containsExactly("ff10: timed out after packet 1 of 3");
	}

	@Test
	void connectionWithoutCtsWithinT3OrPacketWithinT2IsDropped() {
		frame(0x1CECF900, "10 1100 03 02 10FF00", 0);
		this.protocol.expire(1250 * MS);
		assertThat(this.dropped).isEmpty();
		this.protocol.expire(1251 * MS);
		assertThat(this.dropped).containsExactly("ff10: timed out after packet 0 of 3");
		frame(0x1CECF900, "10 1100 03 02 10FF00", 2000);
		frame(0x1CEC00F9, "11 02 01 FFFF 10FF00", 2100);
		// T2 = 1250 ms from the CTS to its first packet.
		this.protocol.expire(3351 * MS);
		assertThat(this.dropped).hasSize(2);
	}

	@Test
	void abortFromTheReceiverEndsTheTransfer() {
		frame(0x1CECF900, "10 1100 03 02 10FF00", 0);
		frame(0x1CEC00F9, "11 02 01 FFFF 10FF00", 100);
		frame(0x1CEBF900, "01 01020304050607", 120);
		// Conn_Abort (255), reason 3: a timeout on the receiver's side.
		frame(0x1CEC00F9, "FF 03 FFFFFF 10FF00", 130);
		frame(0x1CEBF900, "02 08090A0B0C0D0E", 140);
		assertThat(this.delivered).isEmpty();
		assertThat(this.dropped).containsExactly("ff10: aborted (reason 3)");
	}

	@Test
	void packetsOutOfSequenceOrOutsideTheWindowAreDropped() {
		frame(0x1CECFF00, "20 1100 03 FF 10FF00", 0);
		frame(0x1CEBFF00, "02 08090A0B0C0D0E", 50);
		frame(0x1CECF900, "10 1100 03 02 10FF00", 100);
		frame(0x1CEC00F9, "11 01 01 FFFF 10FF00", 150);
		frame(0x1CEBF900, "01 01020304050607", 160);
		frame(0x1CEBF900, "02 08090A0B0C0D0E", 170);
		assertThat(this.delivered).isEmpty();
		assertThat(this.dropped).containsExactly("ff10: packet 2 out of sequence (expected 1, window ends at 3)",
				"ff10: packet 2 out of sequence (expected 2, window ends at 1)");
	}

	@Test
	void largestTransferIs1785BytesIn255Packets() {
		// 1785 = 0x06F9: bytes F9 06; 255 packets = 0xFF.
		frame(0x1CECFF00, "20 F906 FF FF 10FF00", 0);
		for (int packet = 1; packet <= 255; packet++) {
			byte[] data = new byte[8];
			data[0] = (byte) packet;
			java.util.Arrays.fill(data, 1, 8, (byte) packet);
			this.protocol.accept(0x1CEBFF00L, data, (packet * 10) * MS);
		}
		assertThat(this.delivered).singleElement().satisfies((transfer) -> {
			assertThat(transfer.data()).hasSize(1785);
			assertThat(transfer.data()[1784]).isEqualTo((byte) 255);
		});
		// 1786 bytes do not fit in 255 packets of 7.
		frame(0x1CECFF00, "20 FA06 FF FF 10FF00", 3000);
		assertThat(this.dropped).containsExactly("ff10: announces 1786 bytes in 255 packets");
	}

	private void frame(long id, String hex, long millis) {
		this.protocol.accept(id, HexFormat.of().parseHex(hex.replace(" ", "")), millis * MS);
	}

}
