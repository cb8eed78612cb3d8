package dev.library.i2c.autoconfigure;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.i2c.GpioAdapterProvider;
import dev.library.i2c.I2cAdapterProvider;
import dev.library.i2c.I2cBusScanner;
import dev.library.i2c.I2cBuses;
import dev.library.i2c.I2cHandler;
import dev.library.i2c.I2cRoutes;
import dev.library.i2c.firmata.FirmataAdapterProvider;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.session.ResourcePools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the i2c component: the {@code i2c} and {@code gpio} adapter types
 * through Pi4J, for relays, valves, pumps and sensors on a Raspberry Pi. Switched on by
 * {@code library.enabled-components.i2c}.
 *
 * @author Library
 */
@AutoConfiguration(before = AdaptersAutoConfiguration.class)
@ConditionalOnClass(Context.class)
@ConditionalOnLibraryComponent("i2c")
@EnableConfigurationProperties(I2cProperties.class)
public final class I2cAutoConfiguration {

	@Bean
	LibraryComponent i2cComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("i2c")
			.description("I2C and GPIO relays, valves, pumps and sensors through Pi4J")
			.dependsOn("adapters")
			.build());
	}

	/**
	 * The Pi4J context. Its shutdown, on context close and by Pi4J's JVM shutdown hook,
	 * drives every GPIO output to its shutdown state, which the {@code gpio} type sets to
	 * the safe state.
	 * @param properties the properties
	 * @return the context
	 */
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	Context pi4jContext(I2cProperties properties) {
		if (properties.isMock()) {
			return Pi4J.newContextBuilder()
				.add(MockI2CProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
						MockDigitalInputProvider.newInstance())
				.enableShutdownHook()
				.build();
		}
		return Pi4J.newContextBuilder().autoDetect().enableShutdownHook().build();
	}

	@Bean
	RouteAccess i2cRouteAccess() {
		return RouteAccess.of("i2c").read("/i2c/buses").allow(HttpMethod.POST, Role.ADMIN, "/i2c/buses/*/scan").build();
	}

	@Bean
	@ConditionalOnMissingBean
	I2cBuses i2cBuses(ObjectProvider<ResourcePools> resourcePools, ObjectProvider<MeterRegistry> meterRegistry) {
		return new I2cBuses(resourcePools.getIfAvailable(() -> new ResourcePools(Schedulers.parallel(),
				meterRegistry.getIfAvailable(CompositeMeterRegistry::new))));
	}

	@Bean
	@ConditionalOnMissingBean
	I2cAdapterProvider i2cAdapterProvider(Context pi4jContext, I2cProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, I2cBuses i2cBuses) {
		return new I2cAdapterProvider(pi4jContext, i2cProviderId(properties), properties.getRetries(),
				properties.getTransactionTimeout(), meterRegistry.getIfAvailable(CompositeMeterRegistry::new),
				i2cBuses);
	}

	@Bean
	@ConditionalOnMissingBean
	I2cBusScanner i2cBusScanner(Context pi4jContext, I2cProperties properties, I2cBuses i2cBuses) {
		return new I2cBusScanner(pi4jContext, i2cProviderId(properties), i2cBuses, properties.getTransactionTimeout());
	}

	private static String i2cProviderId(I2cProperties properties) {
		return properties.isMock() ? MockI2CProvider.ID : properties.getI2cProvider();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "com.fazecast.jSerialComm.SerialPort")
	FirmataAdapterProvider firmataAdapterProvider() {
		return new FirmataAdapterProvider();
	}

	@Bean
	@ConditionalOnMissingBean
	GpioAdapterProvider gpioAdapterProvider(Context pi4jContext, I2cProperties properties) {
		return new GpioAdapterProvider(pi4jContext,
				properties.isMock() ? MockDigitalOutputProvider.ID : properties.getDigitalOutputProvider(),
				properties.isMock() ? MockDigitalInputProvider.ID : properties.getDigitalInputProvider());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class I2cRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		I2cHandler i2cHandler(I2cBuses i2cBuses, I2cBusScanner i2cBusScanner) {
			return new I2cHandler(i2cBuses, i2cBusScanner);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/i2c/buses", method = RequestMethod.GET, beanClass = I2cHandler.class,
						beanMethod = "buses",
						operation = @Operation(operationId = "listI2cBuses",
								summary = "List the I2C buses in use with their chips and error counts", tags = "i2c",
								responses = @ApiResponse(responseCode = "200", description = "The buses",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = I2cHandler.BusList.class))))),
				@RouterOperation(path = "/i2c/buses/{bus}/scan", method = RequestMethod.POST,
						beanClass = I2cHandler.class, beanMethod = "scan",
						operation = @Operation(operationId = "scanI2cBus",
								summary = "Probe every address of an I2C bus (admin): what answers, and configured chips that do not",
								tags = "i2c",
								parameters = @Parameter(name = "bus", in = ParameterIn.PATH, required = true,
										description = "The bus number, as in /dev/i2c-N"),
								responses = @ApiResponse(responseCode = "200", description = "What answered",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = I2cBusScanner.Scan.class))))) })
		RouterFunction<ServerResponse> i2cRoutes(I2cHandler i2cHandler) {
			return I2cRoutes.create(i2cHandler);
		}

	}

}
