package dev.library.canbus.dbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message of a DBC database: a frame id, a length, and the signals packed in it, with
 * decoding and encoding.
 *
 * @author Library
 */
public final class Message {

	private final long frameId;

	private final boolean extended;

	private final String name;

	private final int length;

	private final List<String> senders;

	private final List<Signal> signals;

	private final Map<String, Signal> signalsByName;

	private final @Nullable String comment;

	private final Map<String, Object> attributes;

	private final @Nullable Duration cycleTime;

	/**
	 * Signals in an order where every multiplexer comes before the signals it selects.
	 */
	private final Signal[] decodeOrder;

	/**
	 * For each signal of decodeOrder, the index in decodeOrder of its multiplexer, or -1.
	 */
	private final int[] multiplexerIndex;

	Message(long frameId, boolean extended, String name, int length, List<String> senders, List<Signal> signals,
			@Nullable String comment, Map<String, Object> attributes, @Nullable Duration cycleTime) {
		this.frameId = frameId;
		this.extended = extended;
		this.name = name;
		this.length = length;
		this.senders = List.copyOf(senders);
		this.signals = List.copyOf(signals);
		this.comment = comment;
		this.attributes = Map.copyOf(attributes);
		this.cycleTime = cycleTime;
		Map<String, Signal> byName = new LinkedHashMap<>();
		signals.forEach((signal) -> byName.putIfAbsent(signal.getName(), signal));
		this.signalsByName = byName;
		List<Signal> order = new ArrayList<>();
		for (Signal signal : signals) {
			addInDecodeOrder(signal, order, 0);
		}
		this.decodeOrder = order.toArray(Signal[]::new);
		this.multiplexerIndex = new int[this.decodeOrder.length];
		for (int i = 0; i < this.decodeOrder.length; i++) {
			String multiplexer = this.decodeOrder[i].getMultiplexerSignal();
			this.multiplexerIndex[i] = (multiplexer != null) ? order.indexOf(byName.get(multiplexer)) : -1;
		}
	}

	private void addInDecodeOrder(Signal signal, List<Signal> order, int depth) {
		if (order.contains(signal) || depth > this.signals.size()) {
			return;
		}
		String multiplexer = signal.getMultiplexerSignal();
		if (multiplexer != null && this.signalsByName.containsKey(multiplexer)) {
			addInDecodeOrder(this.signalsByName.get(multiplexer), order, depth + 1);
		}
		order.add(signal);
	}

	/**
	 * Return the frame id, without the extended marker.
	 * @return the frame id
	 */
	public long getFrameId() {
		return this.frameId;
	}

	/**
	 * Return whether the id is a 29-bit (extended) id.
	 * @return whether the id is extended
	 */
	public boolean isExtended() {
		return this.extended;
	}

	/**
	 * Return the name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the length of the payload in bytes (up to 64 for CAN FD).
	 * @return the length
	 */
	public int getLength() {
		return this.length;
	}

	/**
	 * Return the sending nodes ({@code BO_} and {@code BO_TX_BU_}).
	 * @return the senders
	 */
	public List<String> getSenders() {
		return this.senders;
	}

	/**
	 * Return the signals in file order.
	 * @return the signals
	 */
	public List<Signal> getSignals() {
		return this.signals;
	}

	/**
	 * Return a signal by name.
	 * @param name the signal name
	 * @return the signal, or {@code null}
	 */
	public @Nullable Signal getSignal(String name) {
		return this.signalsByName.get(name);
	}

	/**
	 * Return the comment ({@code CM_ BO_}), or {@code null}.
	 * @return the comment
	 */
	public @Nullable String getComment() {
		return this.comment;
	}

	/**
	 * Return the attributes set on the message ({@code BA_ ... BO_}).
	 * @return the attributes by name
	 */
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	/**
	 * Return the cycle time ({@code GenMsgCycleTime}, or its default), or {@code null} if
	 * the message is not cyclic.
	 * @return the cycle time
	 */
	public @Nullable Duration getCycleTime() {
		return this.cycleTime;
	}

	/**
	 * Return whether the message has a multiplexer.
	 * @return whether some signals depend on a multiplexer value
	 */
	public boolean isMultiplexed() {
		return this.signals.stream().anyMatch((signal) -> signal.getMultiplexerSignal() != null);
	}

	/**
	 * Decode a payload to physical values, choices named.
	 * @param data the payload
	 * @return the values of the signals present, by name
	 * @throws CodecException if the payload is shorter than the message
	 */
	public Map<String, Object> decode(byte[] data) {
		return decode(data, true, false);
	}

	/**
	 * Decode a payload to physical values.
	 * @param data the payload
	 * @param decodeChoices whether to give the choice name instead of the number for raw
	 * values that have one
	 * @param allowTruncated whether a shorter payload gives the signals that fit (else it
	 * is an error)
	 * @return the values of the signals present (the multiplexer selects), by name
	 * @throws CodecException if the payload is too short and truncation is not allowed
	 */
	public Map<String, Object> decode(byte[] data, boolean decodeChoices, boolean allowTruncated) {
		if (data.length < this.length && !allowTruncated) {
			throw new CodecException("Message '" + this.name + "' needs " + this.length + " bytes, got " + data.length);
		}
		Map<String, Object> values = new LinkedHashMap<>();
		decode(data, (signal, raw) -> {
			String choice = decodeChoices ? signal.getChoices().get(raw) : null;
			values.put(signal.getName(), (choice != null) ? choice : signal.toPhysical(raw));
		});
		return values;
	}

	/**
	 * Decode a payload signal by signal without allocating: the consumer receives each
	 * signal present and its raw value, multiplexers first. Signals beyond the payload
	 * are left out.
	 * @param data the payload
	 * @param consumer receives the signals
	 */
	public void decode(byte[] data, RawSignalConsumer consumer) {
		Signal[] order = this.decodeOrder;
		long[] raws = (order.length <= 64) ? null : new long[order.length];
		long present = 0;
		long[] small = (raws != null) ? raws : RAWS.get();
		boolean[] seen = (raws != null) ? new boolean[order.length] : null;
		for (int i = 0; i < order.length; i++) {
			Signal signal = order[i];
			int multiplexer = this.multiplexerIndex[i];
			if (multiplexer >= 0) {
				boolean active = (seen != null) ? seen[multiplexer] : (present & (1L << multiplexer)) != 0;
				if (!active || !signal.selectedBy(small[multiplexer])) {
					continue;
				}
			}
			if (!signal.fitsIn(data.length)) {
				continue;
			}
			long raw = signal.readRaw(data);
			small[i] = raw;
			if (seen != null) {
				seen[i] = true;
			}
			else {
				present |= 1L << i;
			}
			consumer.accept(signal, raw);
		}
	}

	private static final ThreadLocal<long[]> RAWS = ThreadLocal.withInitial(() -> new long[64]);

	/**
	 * Encode physical values or choice names into a payload of the message's length,
	 * strictly: every signal the multiplexers select must be given, and values are
	 * checked against their ranges.
	 * @param values the values by signal name
	 * @return the payload
	 * @throws CodecException if a value is missing, out of range or an unknown choice
	 */
	public byte[] encode(Map<String, ?> values) {
		return encode(values, true);
	}

	/**
	 * Encode physical values or choice names into a payload of the message's length.
	 * @param values the values by signal name
	 * @param strict whether every selected signal must be given and within its range
	 * (when not strict, the bits of a missing signal stay 0, and a missing multiplexer
	 * selects nothing)
	 * @return the payload
	 * @throws CodecException if a value cannot be encoded
	 */
	public byte[] encode(Map<String, ?> values, boolean strict) {
		for (String given : values.keySet()) {
			if (!this.signalsByName.containsKey(given)) {
				throw new CodecException("Message '" + this.name + "' has no signal '" + given + "'");
			}
		}
		byte[] data = new byte[this.length];
		Map<String, Long> raws = new HashMap<>();
		for (int i = 0; i < this.decodeOrder.length; i++) {
			Signal signal = this.decodeOrder[i];
			int multiplexer = this.multiplexerIndex[i];
			if (multiplexer >= 0) {
				Long selector = raws.get(this.decodeOrder[multiplexer].getName());
				if (selector == null || !signal.selectedBy(selector)) {
					continue;
				}
			}
			Object value = values.get(signal.getName());
			if (value == null) {
				if (strict) {
					throw new CodecException(
							"Message '" + this.name + "' needs a value for signal '" + signal.getName() + "'");
				}
				continue;
			}
			long raw = signal.toRaw(value, strict);
			if (!signal.fitsIn(data.length)) {
				throw new CodecException("Signal '" + signal.getName() + "' lies outside the " + this.length
						+ " bytes of message '" + this.name + "'");
			}
			signal.writeRaw(data, raw);
			raws.put(signal.getName(), raw);
		}
		return data;
	}

	@Override
	public String toString() {
		return this.name + "(0x" + Long.toHexString(this.frameId) + (this.extended ? "x" : "") + ")";
	}

	/**
	 * Receives the raw value of each decoded signal.
	 */
	@FunctionalInterface
	public interface RawSignalConsumer {

		/**
		 * Called for each signal present in a frame.
		 * @param signal the signal
		 * @param raw its raw value
		 */
		void accept(Signal signal, long raw);

	}

}
