package dev.library.canbus.dbc;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests for the bit layout of {@link Signal}: any signal placed anywhere in a
 * frame round-trips any raw value and leaves the other bits alone.
 *
 * @author Library
 */
class SignalPropertyTests {

	@Property(tries = 2000)
	void rawValuesRoundTripAndOtherBitsStay(@ForAll("layouts") Signal signal, @ForAll long value,
			@ForAll byte[] background) {
		byte[] data = new byte[64];
		System.arraycopy(background, 0, data, 0, Math.min(background.length, 64));
		byte[] before = data.clone();
		long raw = signal.isSigned() ? (value << (64 - signal.getLength())) >> (64 - signal.getLength())
				: (signal.getLength() == 64) ? value : value & ((1L << signal.getLength()) - 1);
		signal.writeRaw(data, raw);
		assertThat(signal.readRaw(data)).isEqualTo(raw);
		signal.writeRaw(data, signal.readRaw(before));
		assertThat(data).isEqualTo(before);
	}

	@Property(tries = 500)
	void physicalValuesRoundTripThroughAMessage(@ForAll("layouts") Signal signal, @ForAll int value) {
		Message message = new Message(1, false, "M", 64, List.of(), List.of(signal), null, Map.of(), null);
		long raw = signal.isSigned()
				? ((long) value << (64 - Math.min(signal.getLength(), 32))) >> (64 - Math.min(signal.getLength(), 32))
				: (value & ((1L << Math.min(signal.getLength(), 31)) - 1));
		byte[] data = message.encode(Map.of(signal.getName(), signal.toPhysical(raw)));
		assertThat(message.decode(data, false, false).get(signal.getName())).isEqualTo(signal.toPhysical(raw));
	}

	@Provide
	Arbitrary<Signal> layouts() {
		Arbitrary<Integer> lengths = Arbitraries.integers().between(1, 64);
		Arbitrary<ByteOrder> orders = Arbitraries.of(ByteOrder.class);
		Arbitrary<Boolean> signs = Arbitraries.of(true, false);
		Arbitrary<Double> factors = Arbitraries.of(1.0, 0.5, 0.1, 2.0, -0.25);
		return Combinators.combine(lengths, orders, signs, factors, Arbitraries.integers().between(0, 511))
			.as((length, order, signed, factor, position) -> {
				int start = startBit(order, length, position);
				return new Signal("S", start, length, order, signed, ValueType.INTEGER, factor, 0, null, null, "",
						List.of(), false, null, List.of(), Map.of(), null, Map.of());
			});
	}

	/** Clamp a bit position so that the signal fits in 64 bytes. */
	private static int startBit(ByteOrder order, int length, int position) {
		if (order == ByteOrder.LITTLE_ENDIAN) {
			return Math.min(position, 512 - length);
		}
		// Big endian: the start bit is the MSB; the LSB ends (length - 1) bits later in
		// network order.
		int network = Math.min((position & ~7) + (7 - (position & 7)), 512 - length);
		return (network & ~7) + (7 - (network & 7));
	}

}
