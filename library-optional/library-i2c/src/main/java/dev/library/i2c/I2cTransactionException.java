package dev.library.i2c;

import dev.library.adapters.spi.AdapterException;
import org.jspecify.annotations.Nullable;

/**
 * An I2C transaction that failed after its retries: the chip did not acknowledge or the
 * bus failed, as opposed to a frame that arrived but was wrong (a bad checksum).
 *
 * @author Library
 */
class I2cTransactionException extends AdapterException {

	I2cTransactionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
