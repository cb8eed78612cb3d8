package dev.library.i2c.autoconfigure;

import java.util.List;
import java.util.Map;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.library.adapters.spi.Access;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterConfig;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.DeviceConfig;
import dev.library.adapters.spi.PointConfig;
import dev.library.core.component.LibraryComponent;
import dev.library.i2c.GpioAdapterProvider;
import dev.library.i2c.I2cAdapterProvider;
import dev.library.i2c.firmata.FirmataAdapterProvider;
import dev.library.security.RouteAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link I2cAutoConfiguration}.
 *
 * @author Library
 */
class I2cAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(I2cAutoConfiguration.class));

	@Test
	void createsNothingWhenTheComponentIsOff() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Context.class)
			.doesNotHaveBean(I2cAdapterProvider.class)
			.doesNotHaveBean(LibraryComponent.class));
	}

	@Test
	void enabledComponentOffTheTargetUsesPi4jMockProviders() {
		this.runner.withPropertyValues("library.enabled-components.i2c=true", "library.i2c.mock=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(Context.class)
					.hasSingleBean(I2cAdapterProvider.class)
					.hasSingleBean(GpioAdapterProvider.class)
					.hasSingleBean(FirmataAdapterProvider.class)
					.hasSingleBean(LibraryComponent.class);
				assertThat(context.getBean("i2cRouteAccess", RouteAccess.class).rules()).extracting(Object::toString)
					.containsExactlyInAnyOrder("GET /i2c/buses → viewer", "HEAD /i2c/buses → viewer",
							"POST /i2c/buses/*/scan → admin");
				PointConfig pump = new PointConfig("pi", "pump", "17", DataType.BOOLEAN, "", null, null,
						Access.READ_WRITE, null, 1.0, 0.0, "pins.pi.pump", false);
				Adapter adapter = context.getBean(GpioAdapterProvider.class)
					.create(new AdapterConfig("pins", "gpio", Map.of(),
							List.of(new DeviceConfig("pi", "", List.of(pump)))));
				adapter.connect();
				adapter.write(pump, true);
				DigitalOutput pin = context.getBean(Context.class).registry().get("library-gpio-pins-17");
				assertThat(pin.isHigh()).isTrue();
				adapter.close();
				assertThat(pin.isLow()).isTrue();
			});
	}

	@Test
	void aContextOfTheUserBacksOff() {
		this.runner.withPropertyValues("library.enabled-components.i2c=true")
			.withUserConfiguration(UserContext.class)
			.run((context) -> assertThat(context.getBean(Context.class)).isSameAs(UserContext.CONTEXT));
	}

	@Test
	void backsOffWithoutPi4j() {
		this.runner.withPropertyValues("library.enabled-components.i2c=true")
			.withClassLoader(new FilteredClassLoader(Context.class))
			.run((context) -> assertThat(context).doesNotHaveBean(I2cAdapterProvider.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserContext {

		static final Context CONTEXT = Pi4J.newContextBuilder().build();

		@Bean(destroyMethod = "")
		Context userPi4jContext() {
			return CONTEXT;
		}

	}

}
