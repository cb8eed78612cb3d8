package dev.library.core.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.ComponentHandler;
import dev.library.core.component.ComponentLifecycleHook;
import dev.library.core.component.ComponentLifecycleManager;
import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.LibraryComponent;
import dev.library.core.component.OptionalComponentCatalog;
import dev.library.core.memory.StartupMemoryRelease;
import dev.library.security.RouteAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of the component model: the catalog of optional components, the
 * lifecycle that starts enabled components in dependency order, and
 * {@code GET /components}.
 *
 * @author Library
 */
@AutoConfiguration
@EnableConfigurationProperties({ CoreProperties.class, EnabledComponentsProperties.class })
public final class CoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OptionalComponentCatalog optionalComponentCatalog() {
		return OptionalComponentCatalog.load(getClass().getClassLoader());
	}

	@Bean
	LibraryComponent coreComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("core")
			.description("Component model and lifecycle")
			.reloadableProperties("library.core.stop-timeout")
			.build());
	}

	@Bean
	@ConditionalOnMissingBean(ComponentRegistry.class)
	ComponentLifecycleManager componentLifecycleManager(ObjectProvider<LibraryComponent> components,
			ObjectProvider<ComponentLifecycleHook> hooks, OptionalComponentCatalog catalog,
			EnabledComponentsProperties enabled, CoreProperties properties, ApplicationEventPublisher events,
			ObjectProvider<Clock> clock) {
		List<LibraryComponent> enabledComponents = components.orderedStream().toList();
		List<ComponentDescriptor> descriptors = enabledComponents.stream().map(LibraryComponent::descriptor).toList();
		ComponentSettingsValidator.validate(enabled, properties, catalog, descriptors);
		Set<String> disabledOptional = new TreeSet<>(catalog.components().keySet());
		descriptors.forEach((descriptor) -> disabledOptional.remove(descriptor.name()));
		return new ComponentLifecycleManager(enabledComponents, disabledOptional, hooks.orderedStream().toList(),
				new PropertiesComponentStartPolicy(properties), events, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "library.core.release-startup-memory", matchIfMissing = true)
	StartupMemoryRelease startupMemoryRelease() {
		return new StartupMemoryRelease();
	}

	@Configuration(proxyBeanMethods = false)
	static class ComponentRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ComponentHandler componentHandler(ComponentRegistry registry, OptionalComponentCatalog catalog) {
			return new ComponentHandler(registry, catalog);
		}

		@Bean
		@RouterOperations(@RouterOperation(path = "/components", method = RequestMethod.GET,
				beanClass = ComponentHandler.class, beanMethod = "list",
				operation = @Operation(operationId = "listComponents", summary = "List the enabled components",
						description = "Every enabled component with its lifecycle state, since when, its dependencies "
								+ "and what depends on it, plus the optional components that could be enabled.",
						tags = "components",
						responses = @ApiResponse(responseCode = "200", description = "The components",
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = ComponentHandler.ComponentsView.class))))))
		RouterFunction<ServerResponse> componentRoutes(ComponentHandler handler) {
			return RouterFunctions.route().GET("/components", handler::list).build();
		}

	}

	/**
	 * Who may call the routes of the component model.
	 */
	@Bean
	RouteAccess componentsRouteAccess() {
		return RouteAccess.of("core").read("/components").build();
	}

}
