package dev.library.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The state changes handed to the producer and not acknowledged yet, in the order they
 * were sent: where publishing would resume, and which later changes the broker
 * acknowledged already. Appended to by the publisher's thread, acknowledged by the
 * producer's I/O thread; each operation is constant time (a skip list of sequences cost
 * that thread a search and an allocation per record).
 *
 * @author Library
 */
final class UnacknowledgedChanges {

	private final ArrayDeque<Sent> sent = new ArrayDeque<>();

	private int pending;

	/**
	 * Record a change handed to the producer. Sequences are added in increasing order.
	 * @param sequence the change's sequence
	 * @return what to {@link #acknowledge} once the broker acknowledged it
	 */
	synchronized Sent add(long sequence) {
		Sent change = new Sent(sequence);
		this.sent.addLast(change);
		this.pending++;
		return change;
	}

	/**
	 * Record that the broker acknowledged a change. Does nothing for a change forgotten
	 * by {@link #clear}.
	 * @param change the change
	 */
	synchronized void acknowledge(Sent change) {
		if (!change.tracked || change.acknowledged) {
			return;
		}
		change.acknowledged = true;
		this.pending--;
		while (!this.sent.isEmpty() && this.sent.peekFirst().acknowledged) {
			this.sent.pollFirst().tracked = false;
		}
	}

	/**
	 * Return the sequence of the oldest change not acknowledged.
	 * @return the sequence, or {@link Long#MAX_VALUE} when every change was acknowledged
	 */
	synchronized long oldest() {
		Sent first = this.sent.peekFirst();
		return (first != null) ? first.sequence : Long.MAX_VALUE;
	}

	/**
	 * Return how many changes wait for their acknowledgement.
	 * @return the count
	 */
	synchronized int pending() {
		return this.pending;
	}

	/**
	 * Return the changes the broker acknowledged after an older one that it did not.
	 * @return their sequences, in increasing order
	 */
	synchronized List<Long> acknowledgedAhead() {
		List<Long> ahead = new ArrayList<>();
		for (Sent change : this.sent) {
			if (change.acknowledged) {
				ahead.add(change.sequence);
			}
		}
		return ahead;
	}

	/**
	 * Forget every change; acknowledgements that arrive later are ignored.
	 */
	synchronized void clear() {
		for (Sent change : this.sent) {
			change.tracked = false;
		}
		this.sent.clear();
		this.pending = 0;
	}

	/**
	 * A change handed to the producer.
	 */
	static final class Sent {

		private final long sequence;

		private boolean acknowledged;

		private boolean tracked = true;

		Sent(long sequence) {
			this.sequence = sequence;
		}

	}

}
