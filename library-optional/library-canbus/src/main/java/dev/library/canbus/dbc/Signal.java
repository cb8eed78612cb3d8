package dev.library.canbus.dbc;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A signal of a {@link Message}: where its bits lie in the frame, how they read, and how
 * the raw value scales to a physical one ({@code physical = raw * factor + offset}).
 * Semantics follow cantools: the start bit of a little-endian signal is its least
 * significant bit counted from bit 0 of byte 0; the start bit of a big-endian signal is
 * its most significant bit in the sawtooth numbering (bit 7 of byte 0 is 7, bit 0 of byte
 * 1 is 8).
 *
 * @author Library
 */
public final class Signal {

	private final String name;

	private final int startBit;

	private final int length;

	private final ByteOrder byteOrder;

	private final boolean signed;

	private final ValueType valueType;

	private final double factor;

	private final double offset;

	private final @Nullable Double minimum;

	private final @Nullable Double maximum;

	private final String unit;

	private final List<String> receivers;

	private final boolean multiplexer;

	private final @Nullable String multiplexerSignal;

	private final List<long[]> multiplexerIds;

	private final Map<Long, String> choices;

	private final @Nullable String comment;

	private final Map<String, Object> attributes;

	private final boolean integral;

	private final int lastByte;

	Signal(String name, int startBit, int length, ByteOrder byteOrder, boolean signed, ValueType valueType,
			double factor, double offset, @Nullable Double minimum, @Nullable Double maximum, String unit,
			List<String> receivers, boolean multiplexer, @Nullable String multiplexerSignal,
			List<long[]> multiplexerIds, Map<Long, String> choices, @Nullable String comment,
			Map<String, Object> attributes) {
		this.name = name;
		this.startBit = startBit;
		this.length = length;
		this.byteOrder = byteOrder;
		this.signed = signed;
		this.valueType = valueType;
		this.factor = factor;
		this.offset = offset;
		this.minimum = minimum;
		this.maximum = maximum;
		this.unit = unit;
		this.receivers = List.copyOf(receivers);
		this.multiplexer = multiplexer;
		this.multiplexerSignal = multiplexerSignal;
		this.multiplexerIds = List.copyOf(multiplexerIds);
		this.choices = Map.copyOf(choices);
		this.comment = comment;
		this.attributes = Map.copyOf(attributes);
		this.integral = valueType == ValueType.INTEGER && factor == Math.rint(factor) && offset == Math.rint(offset)
				&& Math.abs(factor) < 1e15 && Math.abs(offset) < 1e15;
		this.lastByte = lastByte(startBit, length, byteOrder);
	}

	private static int lastByte(int startBit, int length, ByteOrder byteOrder) {
		if (byteOrder == ByteOrder.LITTLE_ENDIAN) {
			return (startBit + length - 1) >> 3;
		}
		// Big endian: the first byte holds (startBit % 8) + 1 bits, the rest 8 each.
		int first = (startBit & 7) + 1;
		return (startBit >> 3) + ((length <= first) ? 0 : (length - first + 7) / 8);
	}

	/**
	 * Return the name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the start bit as the DBC file gives it.
	 * @return the start bit
	 */
	public int getStartBit() {
		return this.startBit;
	}

	/**
	 * Return the number of bits.
	 * @return the length
	 */
	public int getLength() {
		return this.length;
	}

	/**
	 * Return the byte order.
	 * @return the byte order
	 */
	public ByteOrder getByteOrder() {
		return this.byteOrder;
	}

	/**
	 * Return whether an integer signal is two's complement.
	 * @return whether the signal is signed
	 */
	public boolean isSigned() {
		return this.signed;
	}

	/**
	 * Return how the raw bits are read.
	 * @return the value type
	 */
	public ValueType getValueType() {
		return this.valueType;
	}

	/**
	 * Return the scale factor.
	 * @return the factor
	 */
	public double getFactor() {
		return this.factor;
	}

	/**
	 * Return the offset.
	 * @return the offset
	 */
	public double getOffset() {
		return this.offset;
	}

	/**
	 * Return the smallest physical value, or {@code null} if the DBC gives none
	 * ({@code [0|0]}).
	 * @return the minimum
	 */
	public @Nullable Double getMinimum() {
		return this.minimum;
	}

	/**
	 * Return the largest physical value, or {@code null} if the DBC gives none
	 * ({@code [0|0]}).
	 * @return the maximum
	 */
	public @Nullable Double getMaximum() {
		return this.maximum;
	}

	/**
	 * Return the unit, empty if none.
	 * @return the unit
	 */
	public String getUnit() {
		return this.unit;
	}

	/**
	 * Return the receiving nodes.
	 * @return the receivers
	 */
	public List<String> getReceivers() {
		return this.receivers;
	}

	/**
	 * Return whether the signal is a multiplexer switch ({@code M}).
	 * @return whether it selects other signals
	 */
	public boolean isMultiplexer() {
		return this.multiplexer;
	}

	/**
	 * Return the name of the multiplexer switch that selects this signal, or {@code null}
	 * if it is always present.
	 * @return the multiplexer signal
	 */
	public @Nullable String getMultiplexerSignal() {
		return this.multiplexerSignal;
	}

	/**
	 * Return the ranges of multiplexer values ({@code [from, to]}, inclusive) that select
	 * this signal; empty if it is always present.
	 * @return the multiplexer id ranges
	 */
	public List<long[]> getMultiplexerIds() {
		return this.multiplexerIds;
	}

	/**
	 * Return the named raw values ({@code VAL_}).
	 * @return the choices by raw value
	 */
	public Map<Long, String> getChoices() {
		return this.choices;
	}

	/**
	 * Return the comment ({@code CM_ SG_}), or {@code null}.
	 * @return the comment
	 */
	public @Nullable String getComment() {
		return this.comment;
	}

	/**
	 * Return the attributes set on the signal ({@code BA_ ... SG_}).
	 * @return the attributes by name
	 */
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	/**
	 * Return whether the signal's bits fit in a payload of the given length.
	 * @param dataLength the payload length in bytes
	 * @return whether the signal can be read from it
	 */
	public boolean fitsIn(int dataLength) {
		return this.lastByte < dataLength;
	}

	boolean selectedBy(long multiplexerRaw) {
		for (long[] range : this.multiplexerIds) {
			if (multiplexerRaw >= range[0] && multiplexerRaw <= range[1]) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Read the raw bits of the signal: sign-extended if signed, the IEEE bits for float
	 * signals.
	 * @param data the payload, long enough ({@link #fitsIn(int)})
	 * @return the raw value
	 */
	public long readRaw(byte[] data) {
		long raw = 0;
		if (this.byteOrder == ByteOrder.LITTLE_ENDIAN) {
			int bit = this.startBit;
			int got = 0;
			while (got < this.length) {
				int offsetInByte = bit & 7;
				int take = Math.min(8 - offsetInByte, this.length - got);
				long chunk = ((data[bit >> 3] & 0xFF) >>> offsetInByte) & ((1 << take) - 1);
				raw |= chunk << got;
				got += take;
				bit += take;
			}
		}
		else {
			int index = this.startBit >> 3;
			int high = this.startBit & 7;
			int remaining = this.length;
			while (remaining > 0) {
				int take = Math.min(high + 1, remaining);
				long chunk = ((data[index] & 0xFF) >>> (high + 1 - take)) & ((1 << take) - 1);
				raw = (raw << take) | chunk;
				remaining -= take;
				index++;
				high = 7;
			}
		}
		if (this.signed && this.valueType == ValueType.INTEGER && this.length < 64) {
			int shift = 64 - this.length;
			raw = (raw << shift) >> shift;
		}
		return raw;
	}

	/**
	 * Write raw bits of the signal into a payload, leaving the other bits alone.
	 * @param data the payload, long enough ({@link #fitsIn(int)})
	 * @param raw the raw value (only its low {@link #getLength()} bits are used)
	 */
	public void writeRaw(byte[] data, long raw) {
		if (this.byteOrder == ByteOrder.LITTLE_ENDIAN) {
			int bit = this.startBit;
			int put = 0;
			while (put < this.length) {
				int offsetInByte = bit & 7;
				int take = Math.min(8 - offsetInByte, this.length - put);
				int mask = ((1 << take) - 1) << offsetInByte;
				int bits = ((int) (raw >>> put) & ((1 << take) - 1)) << offsetInByte;
				data[bit >> 3] = (byte) ((data[bit >> 3] & ~mask) | bits);
				put += take;
				bit += take;
			}
		}
		else {
			int index = this.startBit >> 3;
			int high = this.startBit & 7;
			int remaining = this.length;
			while (remaining > 0) {
				int take = Math.min(high + 1, remaining);
				int shift = high + 1 - take;
				int mask = ((1 << take) - 1) << shift;
				int bits = ((int) (raw >>> (remaining - take)) & ((1 << take) - 1)) << shift;
				data[index] = (byte) ((data[index] & ~mask) | bits);
				remaining -= take;
				index++;
				high = 7;
			}
		}
	}

	/**
	 * Return the physical value of a raw value, without choices: a {@link Long} when the
	 * factor and offset are whole numbers and the signal is an integer, else a
	 * {@link Double}.
	 * @param raw the raw value from {@link #readRaw(byte[])}
	 * @return the physical value
	 */
	public Number toPhysical(long raw) {
		return switch (this.valueType) {
			case FLOAT -> Float.intBitsToFloat((int) raw) * this.factor + this.offset;
			case DOUBLE -> Double.longBitsToDouble(raw) * this.factor + this.offset;
			case INTEGER -> {
				if (this.integral) {
					yield raw * (long) this.factor + (long) this.offset;
				}
				double value = (!this.signed && raw < 0) ? unsignedToDouble(raw) : raw;
				yield value * this.factor + this.offset;
			}
		};
	}

	/**
	 * Return the physical value of a raw value as a double.
	 * @param raw the raw value
	 * @return the physical value
	 */
	public double toPhysicalDouble(long raw) {
		return switch (this.valueType) {
			case FLOAT -> Float.intBitsToFloat((int) raw) * this.factor + this.offset;
			case DOUBLE -> Double.longBitsToDouble(raw) * this.factor + this.offset;
			case INTEGER -> ((!this.signed && raw < 0) ? unsignedToDouble(raw) : raw) * this.factor + this.offset;
		};
	}

	private static double unsignedToDouble(long raw) {
		return (double) (raw >>> 1) * 2.0 + (raw & 1);
	}

	/**
	 * Return the raw value of a physical value or choice name.
	 * @param value a {@link Number} or the name of a choice
	 * @param strict whether to check the value against the minimum and maximum
	 * @return the raw value
	 * @throws CodecException if the value is an unknown choice, is out of range or does
	 * not fit in the signal's bits
	 */
	public long toRaw(Object value, boolean strict) {
		if (value instanceof CharSequence text) {
			return choiceRaw(text.toString());
		}
		if (!(value instanceof Number number)) {
			throw new CodecException("Signal '" + this.name + "' takes a number or a choice name, not " + value);
		}
		double physical = number.doubleValue();
		if (strict && ((this.minimum != null && physical < this.minimum)
				|| (this.maximum != null && physical > this.maximum))) {
			throw new CodecException("Signal '" + this.name + "' value " + number + " is outside its range ["
					+ this.minimum + ", " + this.maximum + "]");
		}
		switch (this.valueType) {
			case FLOAT:
				return Float.floatToIntBits((float) ((physical - this.offset) / this.factor)) & 0xFFFFFFFFL;
			case DOUBLE:
				return Double.doubleToLongBits((physical - this.offset) / this.factor);
			default:
		}
		if (this.integral && this.factor == 1 && (number instanceof Long || number instanceof Integer)) {
			long raw = number.longValue() - (long) this.offset;
			if (this.length >= 64 ? (!this.signed && raw < 0) : !fits(raw)) {
				throw outOfBits(number);
			}
			return raw;
		}
		double scaled = Math.rint((physical - this.offset) / this.factor);
		if (Double.isNaN(scaled) || scaled >= 0x1p64 || scaled < -0x1p63 || (this.signed && scaled >= 0x1p63)) {
			throw outOfBits(number);
		}
		long raw = (scaled >= 0x1p63) ? ((long) (scaled - 0x1p63) ^ Long.MIN_VALUE) : (long) scaled;
		if (this.length >= 64 ? (!this.signed && scaled < 0) : !fits(raw)) {
			throw outOfBits(number);
		}
		return raw;
	}

	private boolean fits(long raw) {
		return this.signed ? (raw >= -(1L << (this.length - 1)) && raw < (1L << (this.length - 1)))
				: (raw >= 0 && (this.length == 63 || raw < (1L << this.length)));
	}

	private CodecException outOfBits(Object shown) {
		return new CodecException("Signal '" + this.name + "' value " + shown + " does not fit in " + this.length
				+ (this.signed ? " signed" : " unsigned") + " bits");
	}

	private long choiceRaw(String choice) {
		for (Map.Entry<Long, String> entry : this.choices.entrySet()) {
			if (entry.getValue().equals(choice)) {
				return entry.getKey();
			}
		}
		throw new CodecException("Signal '" + this.name + "' has no choice '" + choice + "'");
	}

	@Override
	public String toString() {
		return this.name;
	}

}
