package dev.library.i2c;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.library.i2c.emulation.EmulatedAds1115;
import dev.library.i2c.emulation.EmulatedI2cProvider;
import dev.library.i2c.emulation.EmulatedMcp23017;
import dev.library.i2c.emulation.EmulatedPcf8574;
import dev.library.i2c.emulation.EmulatedSht31;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The smallest application with the i2c component, whose Pi4J context has EMULATED I2C
 * chips and Pi4J's MOCK GPIO instead of a Pi.
 *
 * @author Library
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class I2cTestApplication {

	/**
	 * The admin token the tests sign in with, declared in the test
	 * {@code application.properties}.
	 */
	public static final String ADMIN_TOKEN = "lib_i2c-tests-admin-token-not-for-production";

	@Bean
	EmulatedPlant emulatedPlant() {
		return new EmulatedPlant();
	}

	@Bean(destroyMethod = "shutdown")
	Context pi4jContext(EmulatedPlant plant) {
		return Pi4J.newContextBuilder()
			.add(plant.i2c, MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
			.build();
	}

	/**
	 * The emulated chips on bus 1.
	 */
	static class EmulatedPlant {

		final EmulatedI2cProvider i2c = new EmulatedI2cProvider();

		final EmulatedMcp23017 relays = this.i2c.attach(1, 0x20, new EmulatedMcp23017());

		final EmulatedPcf8574 station = this.i2c.attach(1, 0x21, new EmulatedPcf8574());

		final EmulatedAds1115 adc = this.i2c.attach(1, 0x48, new EmulatedAds1115());

		final EmulatedSht31 climate = this.i2c.attach(1, 0x44, new EmulatedSht31());

		/**
		 * A board on the bus that no instance is configured for: found by a scan.
		 */
		final EmulatedPcf8574 spare = this.i2c.attach(1, 0x27, new EmulatedPcf8574());

	}

}
