package dev.library.canbus.autoconfigure;

import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.canbus.CanbusHandler;
import dev.library.canbus.CanbusHealthIndicator;
import dev.library.canbus.CanbusRegistry;
import dev.library.canbus.CanbusRoutes;
import dev.library.canbus.SignalPublisher;
import dev.library.canbus.StateStoreValueSource;
import dev.library.canbus.StateValueSource;
import dev.library.canbus.StateStoreSignalPublisher;
import dev.library.canbus.candump.CandumpAdapterProvider;
import dev.library.canbus.slcan.SlcanAdapterProvider;
import dev.library.canbus.socketcan.SocketCanAdapterProvider;
import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the canbus component: the CAN bus adapter types (candump replay,
 * SLCAN, SocketCAN), the publisher of decoded signals to the state store, the registry of
 * connected buses with its health and routes. Switched on by
 * {@code library.enabled-components.canbus}.
 *
 * @author Library
 */
@AutoConfiguration(before = AdaptersAutoConfiguration.class)
@ConditionalOnLibraryComponent("canbus")
@EnableConfigurationProperties(CanbusProperties.class)
public final class CanbusAutoConfiguration {

	@Bean
	LibraryComponent canbusComponent() {
		return LibraryComponent.of(ComponentDescriptor.optional("canbus")
			.description("CAN bus: candump replay with DBC decoding and encoding, message liveness")
			.dependsOn("adapters")
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	CanbusRegistry canbusRegistry() {
		return new CanbusRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	SignalPublisher canbusSignalPublisher(ObjectProvider<StateStore> store) {
		StateStore available = store.getIfAvailable();
		return (available != null) ? new StateStoreSignalPublisher(available) : SignalPublisher.none();
	}

	@Bean
	@ConditionalOnMissingBean
	StateValueSource canbusStateValueSource(ObjectProvider<StateStore> store) {
		StateStore available = store.getIfAvailable();
		return (available != null) ? new StateStoreValueSource(available) : StateValueSource.none();
	}

	@Bean
	@ConditionalOnMissingBean
	CandumpAdapterProvider candumpAdapterProvider(SignalPublisher publisher, CanbusProperties properties,
			ObjectProvider<MeterRegistry> meters, CanbusRegistry registry, StateValueSource valueSource) {
		CandumpAdapterProvider provider = new CandumpAdapterProvider(publisher, meters.getIfAvailable(),
				properties.toDefaults(), registry);
		provider.setValueSource(valueSource);
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "com.fazecast.jSerialComm.SerialPort")
	SlcanAdapterProvider slcanAdapterProvider(SignalPublisher publisher, CanbusProperties properties,
			ObjectProvider<MeterRegistry> meters, CanbusRegistry registry, StateValueSource valueSource) {
		SlcanAdapterProvider provider = new SlcanAdapterProvider(publisher, meters.getIfAvailable(),
				properties.toDefaults(), registry);
		provider.setValueSource(valueSource);
		return provider;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "tel.schich.javacan.RawCanChannel")
	SocketCanAdapterProvider socketCanAdapterProvider(SignalPublisher publisher, CanbusProperties properties,
			ObjectProvider<MeterRegistry> meters, CanbusRegistry registry, StateValueSource valueSource) {
		SocketCanAdapterProvider provider = new SocketCanAdapterProvider(publisher, meters.getIfAvailable(),
				properties.toDefaults(), registry);
		provider.setValueSource(valueSource);
		return provider;
	}

	@Bean
	@ConditionalOnClass(ReactiveHealthIndicator.class)
	@ConditionalOnMissingBean(name = "canbusHealthIndicator")
	CanbusHealthIndicator canbusHealthIndicator(CanbusRegistry registry) {
		return new CanbusHealthIndicator(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class CanbusRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CanbusHandler canbusHandler(CanbusRegistry registry, CanbusProperties properties) {
			return new CanbusHandler(registry, properties.getMaxDbcSize());
		}

		@Bean
		@RouterOperations({ @RouterOperation(path = "/canbus/interfaces", method = RequestMethod.GET,
				beanClass = CanbusHandler.class, beanMethod = "interfaces",
				operation = @Operation(operationId = "listCanInterfaces",
						summary = "List the connected CAN buses with their counters", tags = "canbus",
						responses = @ApiResponse(responseCode = "200", description = "The buses", content = @Content(
								mediaType = "application/json",
								array = @ArraySchema(schema = @Schema(
										implementation = dev.library.canbus.CanbusAdapter.BusStatistics.class)))))),
				@RouterOperation(path = "/canbus/messages", method = RequestMethod.GET, beanClass = CanbusHandler.class,
						beanMethod = "messages",
						operation = @Operation(operationId = "listCanMessages",
								summary = "List the frames seen per id: count, rate, last payload, decoded values, liveness",
								tags = "canbus",
								parameters = @Parameter(name = "adapter", in = ParameterIn.QUERY,
										description = "Only this adapter instance"),
								responses = @ApiResponse(responseCode = "200", description = "The frames per bus",
										content = @Content(mediaType = "application/json", array = @ArraySchema(
												schema = @Schema(implementation = CanbusHandler.BusMessages.class)))))),
				@RouterOperation(path = "/canbus/dbc", method = RequestMethod.GET, beanClass = CanbusHandler.class,
						beanMethod = "databases",
						operation = @Operation(operationId = "listCanDatabases",
								summary = "List the loaded DBC databases with their messages and signals",
								tags = "canbus",
								parameters = @Parameter(name = "adapter", in = ParameterIn.QUERY,
										description = "Only this adapter instance"),
								responses = @ApiResponse(responseCode = "200", description = "The databases",
										content = @Content(mediaType = "application/json",
												array = @ArraySchema(schema = @Schema(
														implementation = CanbusHandler.DatabaseDescription.class)))))),
				@RouterOperation(path = "/canbus/dbc", method = RequestMethod.POST, beanClass = CanbusHandler.class,
						beanMethod = "uploadDatabase",
						operation = @Operation(operationId = "uploadCanDatabase",
								summary = "Load a DBC file into a bus, replacing its database of the same name (admin)",
								tags = "canbus",
								parameters = {
										@Parameter(name = "adapter", in = ParameterIn.QUERY, required = true,
												description = "The adapter instance"),
										@Parameter(name = "name", in = ParameterIn.QUERY, required = true,
												description = "The file name, such as tesla_can.dbc") },
								requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
										description = "The DBC file",
										content = @Content(mediaType = "text/plain",
												schema = @Schema(type = "string"))),
								responses = {
										@ApiResponse(responseCode = "200", description = "The loaded database",
												content = @Content(mediaType = "application/json", schema = @Schema(
														implementation = CanbusHandler.DatabaseDescription.class))),
										@ApiResponse(responseCode = "400",
												description = "Not valid DBC: file, line and column"),
										@ApiResponse(responseCode = "404", description = "No such bus"),
										@ApiResponse(responseCode = "409",
												description = "Points or settings of the bus name messages or signals the file lacks"),
										@ApiResponse(responseCode = "413",
												description = "Larger than library.canbus.max-dbc-size") })) })
		RouterFunction<ServerResponse> canbusRoutes(CanbusHandler handler) {
			return CanbusRoutes.create(handler);
		}

		@Bean
		RouteAccess canbusRouteAccess() {
			return RouteAccess.of("canbus")
				.read("/canbus/interfaces", "/canbus/messages", "/canbus/dbc")
				.allow(HttpMethod.POST, Role.ADMIN, "/canbus/dbc")
				.build();
		}

	}

}
