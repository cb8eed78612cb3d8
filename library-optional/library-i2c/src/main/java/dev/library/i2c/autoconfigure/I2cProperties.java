package dev.library.i2c.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the I2C and GPIO adapter types ({@code library.i2c}). The buses, chips
 * and pins themselves are adapter instances of type {@code i2c} and {@code gpio} under
 * {@code library.adapters.instances}.
 *
 * @author Library
 */
@ConfigurationProperties("library.i2c")
public class I2cProperties {

	/**
	 * Whether to use Pi4J's mock providers instead of the Raspberry Pi's: for development
	 * off the target, where there is no I2C bus or GPIO. Mock I2C chips answer nothing
	 * useful, mock GPIO outputs keep what is written.
	 */
	private boolean mock;

	/**
	 * Pi4J provider of I2C buses on the target: linuxfs-i2c (/dev/i2c-N) works on a Pi 5
	 * and a CM5.
	 */
	private String i2cProvider = "linuxfs-i2c";

	/**
	 * Pi4J provider of GPIO outputs on the target: gpiod-digital-output (the kernel's
	 * GPIO character device) works on a Pi 5 and a CM5.
	 */
	private String digitalOutputProvider = "gpiod-digital-output";

	/**
	 * Pi4J provider of GPIO inputs on the target: gpiod-digital-input works on a Pi 5 and
	 * a CM5.
	 */
	private String digitalInputProvider = "gpiod-digital-input";

	/**
	 * How many times a failed I2C transaction (a NACK, a bus error) is tried again before
	 * it fails, unless an instance sets its own retries.
	 */
	private int retries = 2;

	/**
	 * How long one I2C transaction may take, and wait for a bus that other instances
	 * share, before it fails, unless an instance sets its own transaction-timeout. A chip
	 * that hangs fails its own transaction without stalling the others on the bus.
	 */
	private Duration transactionTimeout = Duration.ofMillis(500);

	public boolean isMock() {
		return this.mock;
	}

	public void setMock(boolean mock) {
		this.mock = mock;
	}

	public String getI2cProvider() {
		return this.i2cProvider;
	}

	public void setI2cProvider(String i2cProvider) {
		this.i2cProvider = i2cProvider;
	}

	public String getDigitalOutputProvider() {
		return this.digitalOutputProvider;
	}

	public void setDigitalOutputProvider(String digitalOutputProvider) {
		this.digitalOutputProvider = digitalOutputProvider;
	}

	public String getDigitalInputProvider() {
		return this.digitalInputProvider;
	}

	public void setDigitalInputProvider(String digitalInputProvider) {
		this.digitalInputProvider = digitalInputProvider;
	}

	public Duration getTransactionTimeout() {
		return this.transactionTimeout;
	}

	public void setTransactionTimeout(Duration transactionTimeout) {
		this.transactionTimeout = transactionTimeout;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

}
