package dev.library.canbus.j1939;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.library.canbus.dbc.J1939Id;
import org.jspecify.annotations.Nullable;

/**
 * Reassembles the multi-packet transfers of the J1939 transport protocol (J1939-21) that
 * a bus carries, as a monitor that sends nothing: broadcasts (TP.CM BAM then TP.DT
 * packets) and connection-mode transfers (RTS, CTS windows, TP.DT packets, end of message
 * acknowledgement), of 9 to 1785 bytes. A transfer is delivered once all its packets are
 * in; it is dropped when a packet comes out of sequence or outside the window a CTS
 * opened, when either side sends TP.Conn_Abort, when a new BAM or RTS replaces it, or
 * when the other side stays silent for longer than J1939-21 allows: T1 (750 ms) between
 * packets, T2 (1250 ms) from a CTS to its first packet, T3 (1250 ms) from an RTS or the
 * last packet of a window to the next CTS or the acknowledgement, T4 (1050 ms) from a CTS
 * holding the connection open to the next CTS. (Tr, 200 ms, bounds the answers of a node
 * that takes part; a monitor only sees whether they come before the sender gives up.)
 * <p>
 * Time is the bus time of the frames, so a replayed capture reassembles as it did live.
 * Thread-safe: one thread feeds frames, another may expire sessions.
 *
 * @author Library
 */
public final class J1939TransportProtocol {

	/** PGN of TP.CM, the connection management messages. */
	public static final int CONNECTION_MANAGEMENT = 0xEC00;

	/** PGN of TP.DT, the data packets. */
	public static final int DATA_TRANSFER = 0xEB00;

	/** Largest transfer: 255 packets of 7 bytes. */
	public static final int MAX_SIZE = 1785;

	private static final int RTS = 16;

	private static final int CTS = 17;

	private static final int END_OF_MESSAGE_ACK = 19;

	private static final int BAM = 32;

	private static final int ABORT = 255;

	private static final int GLOBAL = 0xFF;

	private final Timeouts timeouts;

	private final Listener listener;

	/** Open sessions by originator and destination (255 for a broadcast). */
	private final Map<Integer, Session> sessions = new HashMap<>();

	/**
	 * Create a reassembler.
	 * @param timeouts the timeouts, {@link Timeouts#standard()} for J1939-21's
	 * @param listener told of each delivered and dropped transfer, on the calling thread
	 */
	public J1939TransportProtocol(Timeouts timeouts, Listener listener) {
		this.timeouts = timeouts;
		this.listener = listener;
	}

	/**
	 * Return whether a frame id is one of the transport protocol's (TP.CM or TP.DT).
	 * @param frameId the id
	 * @param extended whether it is a 29-bit id
	 * @return whether {@link #accept} wants the frame
	 */
	public static boolean isTransportFrame(long frameId, boolean extended) {
		if (!extended) {
			return false;
		}
		int pgn = J1939Id.of(frameId).pgn();
		return pgn == CONNECTION_MANAGEMENT || pgn == DATA_TRANSFER;
	}

	/**
	 * Take in a TP.CM or TP.DT frame; other frames are ignored. Sessions that timed out
	 * by the frame's time are dropped first.
	 * @param frameId the 29-bit id
	 * @param data the payload
	 * @param busTimeNanos when the bus carried it
	 */
	public synchronized void accept(long frameId, byte[] data, long busTimeNanos) {
		expire(busTimeNanos);
		J1939Id id = J1939Id.of(frameId);
		if (data.length < 8) {
			return; // J1939-21 packets always carry 8 bytes
		}
		if (id.pgn() == CONNECTION_MANAGEMENT) {
			connectionManagement(id, data, busTimeNanos);
		}
		else if (id.pgn() == DATA_TRANSFER) {
			dataTransfer(id, data, busTimeNanos);
		}
	}

	private void connectionManagement(J1939Id id, byte[] data, long now) {
		int control = data[0] & 0xFF;
		int pgn = (data[5] & 0xFF) | ((data[6] & 0xFF) << 8) | ((data[7] & 0xFF) << 16);
		switch (control) {
			case BAM, RTS -> {
				int size = (data[1] & 0xFF) | ((data[2] & 0xFF) << 8);
				int packets = data[3] & 0xFF;
				boolean broadcast = control == BAM;
				int destination = broadcast ? GLOBAL : id.destinationAddress();
				if (broadcast != (destination == GLOBAL)) {
					return; // a BAM to one node or an RTS to all is not a transfer
				}
				Session replaced = this.sessions.remove(key(id.sourceAddress(), destination));
				if (replaced != null && !replaced.delivered) {
					drop(replaced, "replaced by a new " + (broadcast ? "BAM" : "RTS"));
				}
				Session session = new Session(id.priority(), pgn, id.sourceAddress(), destination, size, packets);
				if (size <= 8 || size > MAX_SIZE || packets != (size + 6) / 7) {
					drop(session, "announces " + size + " bytes in " + packets + " packets");
					return;
				}
				// A broadcast's packets follow at once; a connection waits for a CTS.
				session.windowEnd = broadcast ? packets : 0;
				session.deadline = now + (broadcast ? this.timeouts.t1() : this.timeouts.t3()).toNanos();
				this.sessions.put(key(id.sourceAddress(), destination), session);
			}
			case CTS -> {
				// Sent by the receiver: its destination is the originator.
				Session session = this.sessions.get(key(id.destinationAddress(), id.sourceAddress()));
				if (session == null || session.pgn != pgn) {
					return;
				}
				int count = data[1] & 0xFF;
				int next = data[2] & 0xFF;
				if (count == 0) {
					session.deadline = now + this.timeouts.t4().toNanos();
					return;
				}
				if (next == 0 || next > session.received + 1 || session.delivered) {
					drop(session, "CTS asks for packet " + next + " after packet " + session.received);
					this.sessions.remove(session.key());
					return;
				}
				// A CTS may ask again for packets already received (a retry).
				session.received = next - 1;
				session.windowEnd = Math.min(session.packets, next - 1 + count);
				session.deadline = now + this.timeouts.t2().toNanos();
			}
			case END_OF_MESSAGE_ACK -> this.sessions.remove(key(id.destinationAddress(), id.sourceAddress()));
			case ABORT -> {
				// Either side may abort: the key is (originator, receiver) one way or the
				// other.
				for (int key : new int[] { key(id.sourceAddress(), id.destinationAddress()),
						key(id.destinationAddress(), id.sourceAddress()) }) {
					Session session = this.sessions.get(key);
					if (session != null && session.pgn == pgn) {
						this.sessions.remove(key);
						if (!session.delivered) {
							drop(session, "aborted (reason " + (data[1] & 0xFF) + ")");
						}
						return;
					}
				}
			}
			default -> {
				// Other control bytes are reserved.
			}
		}
	}

	private void dataTransfer(J1939Id id, byte[] data, long now) {
		Session session = this.sessions.get(key(id.sourceAddress(), id.destinationAddress()));
		if (session == null || session.delivered) {
			return;
		}
		int sequence = data[0] & 0xFF;
		if (sequence != session.received + 1 || sequence > session.windowEnd) {
			this.sessions.remove(session.key());
			drop(session, "packet " + sequence + " out of sequence (expected " + (session.received + 1)
					+ ((session.windowEnd == 0) ? ", no CTS yet" : ", window ends at " + session.windowEnd) + ")");
			return;
		}
		int offset = (sequence - 1) * 7;
		System.arraycopy(data, 1, session.data, offset, Math.min(7, session.size - offset));
		session.received = sequence;
		if (sequence == session.packets) {
			if (session.destination == GLOBAL) {
				this.sessions.remove(session.key());
			}
			else {
				// The receiver acknowledges within T3 of the sender; keep the session so
				// that a late retry is not taken for a new transfer.
				session.delivered = true;
				session.deadline = now + this.timeouts.t3().toNanos();
			}
			this.listener.delivered(new Transfer(session.priority, session.pgn, session.source, session.destination,
					session.data.clone(), now));
			return;
		}
		boolean windowDone = sequence == session.windowEnd;
		session.deadline = now + (windowDone ? this.timeouts.t3() : this.timeouts.t1()).toNanos();
	}

	/**
	 * Drop the sessions whose other side has been silent for too long.
	 * @param busTimeNanos the bus time now
	 */
	public synchronized void expire(long busTimeNanos) {
		List<Session> expired = null;
		for (Iterator<Session> it = this.sessions.values().iterator(); it.hasNext();) {
			Session session = it.next();
			if (busTimeNanos - session.deadline > 0) {
				it.remove();
				if (!session.delivered) {
					if (expired == null) {
						expired = new ArrayList<>();
					}
					expired.add(session);
				}
			}
		}
		if (expired != null) {
			for (Session session : expired) {
				drop(session, "timed out after packet " + session.received + " of " + session.packets);
			}
		}
	}

	/**
	 * Return the number of transfers in progress.
	 * @return the number of open sessions
	 */
	public synchronized int openSessions() {
		int open = 0;
		for (Session session : this.sessions.values()) {
			if (!session.delivered) {
				open++;
			}
		}
		return open;
	}

	private void drop(Session session, String reason) {
		this.listener.dropped(session.pgn, session.source, session.destination, reason);
	}

	private static int key(int source, int destination) {
		return (source << 8) | destination;
	}

	/**
	 * The timeouts of J1939-21 a monitor applies.
	 *
	 * @param t1 longest silence between two packets
	 * @param t2 longest wait from a CTS to its first packet
	 * @param t3 longest wait from an RTS or the last packet of a window to a CTS or the
	 * acknowledgement
	 * @param t4 longest wait from a CTS that holds the connection open to the next CTS
	 */
	public record Timeouts(Duration t1, Duration t2, Duration t3, Duration t4) {

		/**
		 * Return the timeouts of J1939-21: T1 750 ms, T2 1250 ms, T3 1250 ms, T4 1050 ms.
		 * @return the timeouts
		 */
		public static Timeouts standard() {
			return new Timeouts(Duration.ofMillis(750), Duration.ofMillis(1250), Duration.ofMillis(1250),
					Duration.ofMillis(1050));
		}

	}

	/**
	 * A reassembled transfer.
	 *
	 * @param priority the priority of its BAM or RTS
	 * @param pgn the parameter group number it carries
	 * @param source the originator's address
	 * @param destination the receiver's address, 255 for a broadcast
	 * @param data the payload, as many bytes as announced
	 * @param busTimeNanos when its last packet came
	 */
	public record Transfer(int priority, int pgn, int source, int destination, byte[] data, long busTimeNanos) {

		/**
		 * Return the 29-bit id a single frame of this parameter group would have.
		 * @return the id
		 */
		public long frameId() {
			long id = ((long) this.priority << 26) | ((long) this.pgn << 8) | this.source;
			if (((this.pgn >> 8) & 0xFF) < 240) {
				id |= (long) this.destination << 8; // PDU1: the destination is in the id
			}
			return id;
		}

	}

	/**
	 * Told of what the reassembler delivers and drops.
	 */
	public interface Listener {

		/**
		 * A transfer is complete.
		 * @param transfer the transfer
		 */
		void delivered(Transfer transfer);

		/**
		 * A transfer was dropped.
		 * @param pgn the parameter group number it announced
		 * @param source the originator
		 * @param destination the receiver, 255 for a broadcast
		 * @param reason why, such as {@code timed out after packet 3 of 5}
		 */
		void dropped(int pgn, int source, int destination, String reason);

	}

	private static final class Session {

		final int priority;

		final int pgn;

		final int source;

		final int destination;

		final int size;

		final int packets;

		final byte[] data;

		int received;

		int windowEnd;

		long deadline;

		boolean delivered;

		Session(int priority, int pgn, int source, int destination, int size, int packets) {
			this.priority = priority;
			this.pgn = pgn;
			this.source = source;
			this.destination = destination;
			this.size = size;
			this.packets = packets;
			this.data = new byte[Math.max(0, Math.min(size, MAX_SIZE))];
		}

		int key() {
			return J1939TransportProtocol.key(this.source, this.destination);
		}

	}

}
