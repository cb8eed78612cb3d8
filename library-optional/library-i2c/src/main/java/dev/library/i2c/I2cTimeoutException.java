package dev.library.i2c;

import org.jspecify.annotations.Nullable;

/**
 * An I2C transaction that did not end in time, or a bus that stayed busy: not tried
 * again, since a chip that hangs would hang each attempt.
 *
 * @author Library
 */
class I2cTimeoutException extends I2cTransactionException {

	I2cTimeoutException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
