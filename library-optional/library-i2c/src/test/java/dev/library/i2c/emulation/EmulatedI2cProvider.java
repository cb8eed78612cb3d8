package dev.library.i2c.emulation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CBus;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.io.i2c.I2CProviderBase;

/**
 * A Pi4J I2C provider ({@code emulated-i2c}) whose buses carry {@link EmulatedChip
 * emulated chips} instead of hardware: the drivers run their real Pi4J code path and
 * every frame reaches the chip's emulated register map. Records the frames written to
 * each address, and injects faults: NACKs for the next transactions, or a chip gone from
 * the bus. An EMULATION, for tests: it proves the bytes, not the silicon.
 *
 * @author Library
 */
public class EmulatedI2cProvider extends I2CProviderBase {

	/**
	 * The provider id.
	 */
	public static final String ID = "emulated-i2c";

	private final Map<String, EmulatedChip> chips = new ConcurrentHashMap<>();

	private final Map<String, List<String>> writes = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> nacks = new ConcurrentHashMap<>();

	private final Map<String, Boolean> gone = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> hung = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	public EmulatedI2cProvider() {
		super(ID, "Emulated I2C chips (tests)");
	}

	/**
	 * Put a chip on a bus.
	 * @param bus the bus
	 * @param address the chip's address
	 * @param chip the emulation
	 * @return the chip
	 * @param <T> the type of the chip
	 */
	public <T extends EmulatedChip> T attach(int bus, int address, T chip) {
		this.chips.put(key(bus, address), chip);
		return chip;
	}

	/**
	 * Make the next transactions with a chip fail as a NACK.
	 * @param bus the bus
	 * @param address the chip's address
	 * @param count how many transactions
	 */
	public void nackNext(int bus, int address, int count) {
		this.nacks.computeIfAbsent(key(bus, address), (key) -> new AtomicInteger()).set(count);
	}

	/**
	 * Take a chip off the bus (a cut cable, a dead board) or put it back.
	 * @param bus the bus
	 * @param address the chip's address
	 * @param off whether it is gone
	 */
	public void unplug(int bus, int address, boolean off) {
		this.gone.put(key(bus, address), off);
	}

	/**
	 * Make a chip hang (hold the bus, as a chip stretching the clock forever does): its
	 * transactions block until {@link #release released} or interrupted.
	 * @param bus the bus
	 * @param address the chip's address
	 */
	public void hang(int bus, int address) {
		this.hung.put(key(bus, address), new CountDownLatch(1));
	}

	/**
	 * Let a hung chip answer again.
	 * @param bus the bus
	 * @param address the chip's address
	 */
	public void release(int bus, int address) {
		CountDownLatch latch = this.hung.remove(key(bus, address));
		if (latch != null) {
			latch.countDown();
		}
	}

	/**
	 * Return the most transactions that were ever in progress at once, on all buses: more
	 * than one means two masters drove a bus at the same time.
	 * @return the number
	 */
	public int mostTransactionsAtOnce() {
		return this.mostInFlight.get();
	}

	/**
	 * Return the write frames a chip received, as hex strings such as {@code "14 08"}.
	 * @param bus the bus
	 * @param address the chip's address
	 * @return the frames, oldest first
	 */
	public List<String> writes(int bus, int address) {
		return this.writes.computeIfAbsent(key(bus, address), (key) -> new CopyOnWriteArrayList<>());
	}

	@Override
	public I2C create(I2CConfig config) {
		return new EmulatedI2c(this, config);
	}

	private <T> T transaction(I2CConfig config, Function<EmulatedChip, T> transfer) {
		int now = this.inFlight.incrementAndGet();
		this.mostInFlight.accumulateAndGet(now, Math::max);
		try {
			CountDownLatch hang = this.hung.get(key(config.bus(), config.device()));
			if (hang != null) {
				hang.await();
			}
			return transfer.apply(chip(config));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmulatedChip.NackException("transaction interrupted while the chip hung");
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	private EmulatedChip chip(I2CConfig config) {
		String key = key(config.bus(), config.device());
		if (Boolean.TRUE.equals(this.gone.get(key))) {
			throw new EmulatedChip.NackException("no ACK from " + key + " (unplugged)");
		}
		AtomicInteger pending = this.nacks.get(key);
		if (pending != null && pending.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new EmulatedChip.NackException("no ACK from " + key + " (injected)");
		}
		EmulatedChip chip = this.chips.get(key);
		if (chip == null) {
			throw new EmulatedChip.NackException("no ACK from " + key + ": nothing at that address");
		}
		return chip;
	}

	private static String key(int bus, int address) {
		return bus + "/" + String.format("0x%02x", address);
	}

	static String hex(byte[] frame, int offset, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = offset; i < offset + length; i++) {
			text.append((i > offset) ? " " : "").append(String.format("%02x", frame[i] & 0xFF));
		}
		return text.toString();
	}

	private static final class EmulatedI2c extends I2CBase<I2CBus> {

		private final EmulatedI2cProvider emulation;

		EmulatedI2c(EmulatedI2cProvider provider, I2CConfig config) {
			super(provider, config, new I2CBus() {
				@Override
				public synchronized <R> R execute(I2C i2c, java.util.concurrent.Callable<R> action) {
					try {
						return action.call();
					}
					catch (RuntimeException ex) {
						throw ex;
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
			});
			this.emulation = provider;
		}

		@Override
		public int write(byte b) {
			return write(new byte[] { b }, 0, 1);
		}

		@Override
		public int write(byte[] data, int offset, int length) {
			byte[] frame = java.util.Arrays.copyOfRange(data, offset, offset + length);
			this.emulation.transaction(config(), (chip) -> {
				chip.write(frame);
				return null;
			});
			this.emulation.writes(config().bus(), config().device()).add(hex(frame, 0, frame.length));
			return length;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			read(one, 0, 1);
			return one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			byte[] frame = this.emulation.transaction(config(), (chip) -> chip.read(length));
			System.arraycopy(frame, 0, buffer, offset, length);
			return length;
		}

		@Override
		public int readRegister(int register) {
			write((byte) register);
			return read();
		}

		@Override
		public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
			write(register, 0, register.length);
			return read(buffer, offset, length);
		}

		@Override
		public int readRegister(int register, byte[] buffer, int offset, int length) {
			write((byte) register);
			return read(buffer, offset, length);
		}

		@Override
		public int writeRegister(int register, byte b) {
			return write(new byte[] { (byte) register, b }, 0, 2) - 1;
		}

		@Override
		public int writeRegister(int register, byte[] data, int offset, int length) {
			byte[] frame = new byte[length + 1];
			frame[0] = (byte) register;
			System.arraycopy(data, offset, frame, 1, length);
			return write(frame, 0, frame.length) - 1;
		}

		@Override
		public int writeRegister(byte[] register, byte[] data, int offset, int length) {
			byte[] frame = new byte[register.length + length];
			System.arraycopy(register, 0, frame, 0, register.length);
			System.arraycopy(data, offset, frame, register.length, length);
			return write(frame, 0, frame.length) - register.length;
		}

	}

}
