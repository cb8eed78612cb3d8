package dev.library.config.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;

import dev.library.config.ConfigFileEnvironmentPostProcessor;
import dev.library.config.ConfigFilePropertySource;
import dev.library.config.ConfigFileWatcher;
import dev.library.config.ConfigHandler;
import dev.library.config.ConfigReloadMetrics;
import dev.library.config.ConfigurationMetadataCatalog;
import dev.library.config.ConfigReloadHealthIndicator;
import dev.library.config.ConfigurationCheck;
import dev.library.config.ConfigurationReloader;
import dev.library.config.EffectiveConfigurationReport;
import dev.library.config.ReloadHistory;
import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.core.component.OptionalComponentCatalog;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.ProblemDetail;
import org.springframework.util.Assert;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.HttpMethod;

/**
 * Auto-configuration of the config component: hot reload of the file named by
 * {@code library.config.watch-path}, the reload history and metrics, {@code GET /config}
 * and {@code GET /config/reloads}. The file itself is loaded at start-up by
 * {@link ConfigFileEnvironmentPostProcessor}.
 *
 * @author Library
 */
@AutoConfiguration(after = CoreAutoConfiguration.class)
@EnableConfigurationProperties(ConfigProperties.class)
public final class ConfigAutoConfiguration {

	@Bean
	LibraryComponent configComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("config")
			.description("Configuration validation, hot reload and the effective configuration")
			.dependsOn("core")
			.reloadableProperties("library.config.watch-interval", "library.config.reload-history")
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	ConfigurationMetadataCatalog configurationMetadataCatalog() {
		return ConfigurationMetadataCatalog.load(getClass().getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	ReloadHistory reloadHistory(ConfigProperties properties) {
		return new ReloadHistory(properties::getReloadHistory);
	}

	@Bean
	@ConditionalOnMissingBean
	ConfigurationReloader configurationReloader(ApplicationContext context, ConfigurableEnvironment environment,
			ObjectProvider<jakarta.validation.Validator> validator, ConfigurationMetadataCatalog names,
			ComponentRegistry registry, ObjectProvider<OptionalComponentCatalog> optionalComponents,
			ReloadHistory history, ApplicationEventPublisher events, ObjectProvider<Clock> clock,
			ObjectProvider<ConfigurationCheck> checks) {
		return new ConfigurationReloader(context, environment, springValidator(validator), names, registry,
				optionalComponents.getIfAvailable(), history, events, clock.getIfAvailable(Clock::systemUTC),
				checks.orderedStream().toList());
	}

	/**
	 * Return the application's Bean Validation validator or, like Boot's own binding when
	 * there is none, a default one.
	 */
	private static Validator springValidator(ObjectProvider<jakarta.validation.Validator> validator) {
		jakarta.validation.Validator jsr303 = validator.getIfUnique();
		if (jsr303 != null) {
			return new SpringValidatorAdapter(jsr303);
		}
		LocalValidatorFactoryBean factory = new LocalValidatorFactoryBean();
		factory.setMessageInterpolator(new MessageInterpolatorFactory().getObject());
		factory.afterPropertiesSet();
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(ConfigFileEnvironmentPostProcessor.WATCH_PATH)
	ConfigFileWatcher configFileWatcher(ConfigProperties properties, ConfigurationReloader reloader,
			ConfigurableEnvironment environment) {
		Path path = properties.getWatchPath();
		Assert.state(path != null, "library.config.watch-path must name a file");
		ConfigFilePropertySource loaded = ConfigFilePropertySource.find(environment.getPropertySources());
		return new ConfigFileWatcher(path, properties::getWatchInterval, reloader::reload,
				(loaded != null && loaded.getPath().equals(path)) ? loaded.getHash() : null);
	}

	@Bean
	@ConditionalOnMissingBean(name = "configReloadHealthIndicator")
	@ConditionalOnProperty(ConfigFileEnvironmentPostProcessor.WATCH_PATH)
	ConfigReloadHealthIndicator configReloadHealthIndicator(ConfigurationReloader reloader) {
		return new ConfigReloadHealthIndicator(reloader);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class ConfigMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConfigReloadMetrics configReloadMetrics() {
			return new ConfigReloadMetrics();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ConfigRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EffectiveConfigurationReport effectiveConfigurationReport(ApplicationContext context,
				ConfigurableEnvironment environment, ConfigurationMetadataCatalog names,
				ConfigurationReloader reloader) {
			return new EffectiveConfigurationReport(context, environment, names, reloader::pendingRestart);
		}

		@Bean
		@ConditionalOnMissingBean
		ConfigHandler configHandler(EffectiveConfigurationReport report, ReloadHistory history,
				ConfigProperties properties) {
			Path watchPath = properties.getWatchPath();
			return new ConfigHandler(report, history, (watchPath != null) ? watchPath.toString() : null);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/config", method = RequestMethod.GET, beanClass = ConfigHandler.class,
						beanMethod = "configuration",
						operation = @Operation(operationId = "getConfiguration",
								summary = "Show the effective library.* configuration",
								description = "Every library.* property in force with its value, the property source "
										+ "that sets it and its origin (file with line and column, environment "
										+ "variable, command line), plus bean defaults that no source overrides "
										+ "(source \"default\"). Secret values are shown as ******.",
								tags = "config",
								responses = {
										@ApiResponse(responseCode = "200", description = "The effective configuration",
												content = @Content(mediaType = "application/json", schema = @Schema(
														implementation = ConfigHandler.ConfigurationView.class))),
										@ApiResponse(responseCode = "default", description = "An error",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/config/reloads", method = RequestMethod.GET, beanClass = ConfigHandler.class,
						beanMethod = "reloads",
						operation = @Operation(operationId = "listConfigurationReloads",
								summary = "List the recent reloads of the watched configuration file",
								description = "Newest first: when, which file, the outcome (applied, "
										+ "partially-applied, restart-required, rejected, unchanged, file-missing), "
										+ "each changed property with its previous and new value (secrets redacted) "
										+ "and whether it was applied or needs a restart, and why a rejected file "
										+ "was rejected.",
								tags = "config",
								parameters = @Parameter(name = "limit", in = ParameterIn.QUERY,
										description = "Most reloads to return, from 1 to library.config.reload-history "
												+ "(the default)",
										schema = @Schema(type = "integer", minimum = "1")),
								responses = {
										@ApiResponse(responseCode = "200", description = "The recent reloads",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = ConfigHandler.ReloadsView.class))),
										@ApiResponse(responseCode = "400",
												description = "limit is not an integer in range",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> configRoutes(ConfigHandler handler) {
			return RouterFunctions.route()
				.GET("/config", handler::configuration)
				.GET("/config/reloads", handler::reloads)
				.build();
		}

	}

	/**
	 * Who may read the configuration: admins only, since even redacted it maps the
	 * deployment.
	 */
	@Bean
	RouteAccess configRouteAccess() {
		return RouteAccess.of("config").allow(HttpMethod.GET, Role.ADMIN, "/config", "/config/**").build();
	}

}
