package dev.library.canbus;

import java.util.ServiceLoader;

import org.jspecify.annotations.Nullable;

/**
 * A checksum a sender puts in its frames, checked on receipt and filled in on cyclic
 * sends. Built in: {@code crc8-j1850} (CRC-8 SAE J1850: polynomial 0x1D, initial value
 * and final XOR 0xFF) and {@code xor} (the XOR of the bytes). Others are found through
 * {@link ServiceLoader} ({@code META-INF/services/dev.library.canbus.FrameChecksum}).
 *
 * @author Library
 */
public interface FrameChecksum {

	/**
	 * Return the name settings use, such as {@code crc8-j1850}.
	 * @return the name
	 */
	String name();

	/**
	 * Compute the checksum of a frame.
	 * @param frameId the frame id (some algorithms include it)
	 * @param data the payload
	 * @param from the first byte covered
	 * @param to the last byte covered, inclusive
	 * @return the checksum, as the checksum signal's raw value
	 */
	long compute(long frameId, byte[] data, int from, int to);

	/**
	 * Return CRC-8 SAE J1850.
	 * @return the algorithm
	 */
	static FrameChecksum crc8SaeJ1850() {
		return BuiltIn.CRC8_SAE_J1850;
	}

	/**
	 * Return the XOR of the bytes.
	 * @return the algorithm
	 */
	static FrameChecksum xor() {
		return BuiltIn.XOR;
	}

	/**
	 * Find an algorithm by name: a built-in one, else one the class loader provides.
	 * @param name the name
	 * @return the algorithm, or {@code null}
	 */
	static @Nullable FrameChecksum forName(String name) {
		for (BuiltIn builtIn : BuiltIn.values()) {
			if (builtIn.name.equalsIgnoreCase(name)) {
				return builtIn;
			}
		}
		for (FrameChecksum provided : ServiceLoader.load(FrameChecksum.class)) {
			if (provided.name().equalsIgnoreCase(name)) {
				return provided;
			}
		}
		return null;
	}

	/**
	 * The built-in algorithms.
	 */
	enum BuiltIn implements FrameChecksum {

		/** CRC-8 SAE J1850: check value 0x4B for the ASCII bytes "123456789". */
		CRC8_SAE_J1850("crc8-j1850") {
			@Override
			public long compute(long frameId, byte[] data, int from, int to) {
				int crc = 0xFF;
				for (int i = from; i <= to; i++) {
					crc ^= data[i] & 0xFF;
					for (int bit = 0; bit < 8; bit++) {
						crc = ((crc & 0x80) != 0) ? ((crc << 1) ^ 0x1D) & 0xFF : (crc << 1) & 0xFF;
					}
				}
				return crc ^ 0xFF;
			}
		},

		/** The XOR of the bytes. */
		XOR("xor") {
			@Override
			public long compute(long frameId, byte[] data, int from, int to) {
				int xor = 0;
				for (int i = from; i <= to; i++) {
					xor ^= data[i] & 0xFF;
				}
				return xor;
			}
		};

		private final String name;

		BuiltIn(String name) {
			this.name = name;
		}

	}

}
