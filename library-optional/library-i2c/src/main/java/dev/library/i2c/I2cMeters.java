package dev.library.i2c;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of I2C transactions: {@code library.i2c.transactions} (tag {@code outcome}),
 * {@code library.i2c.retries}, {@code library.i2c.timeouts} and
 * {@code library.i2c.errors}, each tagged with the bus, the chip and its address
 * (bounded: at most 112 addresses on a bus).
 *
 * @author Library
 */
final class I2cMeters {

	private final MeterRegistry registry;

	I2cMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the meters of one chip, registering them the first time.
	 * @param bus the bus number
	 * @param chip the chip name
	 * @param address the chip's address
	 * @return the meters
	 */
	ChipMeters chip(int bus, String chip, int address) {
		String[] tags = { "bus", Integer.toString(bus), "chip", chip, "address", ChannelAddress.hex(address) };
		Counter succeeded = Counter.builder("library.i2c.transactions")
			.description("I2C transactions (one write or read frame)")
			.baseUnit("transactions")
			.tags(tags)
			.tag("outcome", "success")
			.register(this.registry);
		Counter failed = Counter.builder("library.i2c.transactions")
			.description("I2C transactions (one write or read frame)")
			.baseUnit("transactions")
			.tags(tags)
			.tag("outcome", "failure")
			.register(this.registry);
		Counter retries = Counter.builder("library.i2c.retries")
			.description("I2C transactions tried again after a NACK or an I/O error")
			.baseUnit("retries")
			.tags(tags)
			.register(this.registry);
		Counter errors = Counter.builder("library.i2c.errors")
			.description("I2C errors: transactions failed after their retries, bad checksums, conversions not done")
			.baseUnit("errors")
			.tags(tags)
			.register(this.registry);
		Counter timeouts = Counter.builder("library.i2c.timeouts")
			.description("I2C transactions that did not end in time, or found the bus busy for too long")
			.baseUnit("timeouts")
			.tags(tags)
			.register(this.registry);
		return new ChipMeters(succeeded, failed, retries, timeouts, errors);
	}

	/**
	 * The meters of one chip.
	 *
	 * @param succeeded transactions that succeeded
	 * @param failed transactions that failed after their retries
	 * @param retries attempts made again
	 * @param timeouts transactions that timed out
	 * @param errors errors of any kind
	 */
	record ChipMeters(Counter succeeded, Counter failed, Counter retries, Counter timeouts, Counter errors) {

		void success() {
			this.succeeded.increment();
		}

		void failure() {
			this.failed.increment();
			this.errors.increment();
		}

		void timeout() {
			this.timeouts.increment();
			failure();
		}

		void retry() {
			this.retries.increment();
		}

		void error() {
			this.errors.increment();
		}

		I2cBuses.ChipStatus status(Chip chip) {
			return new I2cBuses.ChipStatus(chip.name(), ChannelAddress.hex(chip.address()), chip.isOpen(),
					(long) this.succeeded.count(), (long) this.failed.count(), (long) this.retries.count(),
					(long) this.timeouts.count(), (long) this.errors.count());
		}

	}

}
