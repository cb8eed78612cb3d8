package dev.library.hap.autoconfigure;

import java.time.Clock;

import dev.library.adapters.AdapterRegistry;
import dev.library.adapters.AdapterSupervisors;
import dev.library.adapters.autoconfigure.AdaptersProperties;
import dev.library.adapters.autoconfigure.AdaptersAutoConfiguration;
import dev.library.adapters.command.CommandExecutor;
import dev.library.core.autoconfigure.ConditionalOnLibraryComponent;
import dev.library.hap.HapBridge;
import dev.library.hap.HapHandler;
import dev.library.hap.HapHealthIndicator;
import dev.library.hap.HapPairingStore;
import dev.library.observability.alarm.AlarmEngine;
import dev.library.observability.alarm.AlarmEventPublisher;
import dev.library.observability.autoconfigure.AlarmAutoConfiguration;
import dev.library.secrets.SecretStore;
import dev.library.secrets.autoconfigure.SecretsAutoConfiguration;
import dev.library.security.Role;
import dev.library.security.RouteAccess;
import dev.library.state.StateStore;
import dev.library.state.autoconfigure.StateAutoConfiguration;
import io.github.hapjava.server.impl.HomekitServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the hap component: a HomeKit bridge for relays, valves, pumps and
 * sensors, its pairing data in the secrets store, health, meters and routes. Switched on
 * by {@code library.enabled-components.hap}.
 *
 * @author Library
 */
@AutoConfiguration(
		after = { StateAutoConfiguration.class, AdaptersAutoConfiguration.class, SecretsAutoConfiguration.class,
				AlarmAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnLibraryComponent("hap")
@ConditionalOnClass(HomekitServer.class)
@EnableConfigurationProperties(HapProperties.class)
public final class HapAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HapPairingStore hapPairingStore(HapProperties properties, SecretStore secrets,
			ObjectProvider<JsonMapper> jsonMapper) {
		String setupCode = properties.getSetupCode();
		if (setupCode != null && !setupCode.isBlank() && !HapPairingStore.isValidSetupCode(setupCode)) {
			throw new InvalidConfigurationPropertyValueException("library.hap.setup-code", "(hidden)",
					"A setup code is ###-##-###, and HomeKit refuses trivial ones such as 111-11-111 or 123-45-678");
		}
		return new HapPairingStore(secrets, properties.getSecretName(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				(setupCode != null && !setupCode.isBlank()) ? setupCode : null);
	}

	@Bean
	@ConditionalOnMissingBean
	HapBridge hapBridge(HapProperties properties, HapPairingStore pairing, StateStore store,
			AdapterSupervisors supervisors, CommandExecutor executor, ObjectProvider<AlarmEngine> alarms,
			ObjectProvider<AlarmEventPublisher> alarmEvents, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<Clock> clock) {
		return HapBridge.create(
				new HapBridge.Settings(properties.getName(), properties.getAddress(), properties.getPort(),
						properties.isMdns(), properties.getMdnsInterface(), properties.getWriteTimeout()),
				HapAccessoryDefinitions.of(properties, supervisors), pairing,
				new HapBridge.HapServices(store, supervisors, executor, alarms.getIfAvailable(),
						alarmEvents.getIfAvailable()),
				meters.getIfAvailable(CompositeMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	HapReloader hapReloader(HapProperties properties, AdaptersProperties adapters, AdapterRegistry registry,
			ObjectProvider<JsonMapper> jsonMapper, HapBridge bridge) {
		return new HapReloader(properties, adapters, registry,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), bridge);
	}

	@Bean
	@ConditionalOnMissingBean
	HapConfigurationCheck hapConfigurationCheck(AdapterRegistry registry, ObjectProvider<JsonMapper> jsonMapper) {
		return new HapConfigurationCheck(registry, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "hapHealthIndicator")
	HapHealthIndicator hapHealthIndicator(HapBridge bridge) {
		return new HapHealthIndicator(bridge);
	}

	@Bean
	RouteAccess hapRouteAccess() {
		return RouteAccess.of("hap")
			.allow(HttpMethod.GET, Role.ADMIN, "/hap/info")
			.allow(HttpMethod.POST, Role.ADMIN, "/hap/pairings/reset")
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class HapWebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HapHandler hapHandler(HapBridge bridge) {
			return new HapHandler(bridge);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/hap/info", method = RequestMethod.GET, beanClass = HapHandler.class,
						beanMethod = "info",
						operation = @Operation(operationId = "hapInfo", summary = "Describe the HomeKit bridge",
								description = "Setup code and setup URI (X-HM://, for a QR code), paired controllers, "
										+ "mDNS advertisement state, port and accessories with their ids. Needs the "
										+ "admin role: the setup code pairs a new controller.",
								tags = "hap",
								responses = @ApiResponse(responseCode = "200", description = "The bridge",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = HapBridge.Info.class))))),
				@RouterOperation(path = "/hap/pairings/reset", method = RequestMethod.POST,
						beanClass = HapHandler.class, beanMethod = "resetPairings",
						operation = @Operation(operationId = "hapResetPairings",
								summary = "Forget every paired HomeKit controller",
								description = "Removes every pairing, gives the bridge a new identity and closes open "
										+ "connections, so that it can be added to a home again with its setup code. "
										+ "Needs the admin role.",
								tags = "hap",
								responses = @ApiResponse(responseCode = "200",
										description = "The bridge after the reset",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = HapBridge.Info.class))))) })
		RouterFunction<ServerResponse> hapRoutes(HapHandler handler) {
			return RouterFunctions.route()
				.GET("/hap/info", handler::info)
				.POST("/hap/pairings/reset", handler::resetPairings)
				.build();
		}

	}

}
