package dev.library.core.component;

import java.time.Instant;
import java.util.List;

import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /components}.
 *
 * @author Library
 */
public class ComponentHandler {

	private final ComponentRegistry registry;

	private final OptionalComponentCatalog catalog;

	public ComponentHandler(ComponentRegistry registry, OptionalComponentCatalog catalog) {
		this.registry = registry;
		this.catalog = catalog;
	}

	/**
	 * List every enabled component with its state and dependencies, and the optional
	 * components that could be enabled.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		List<ComponentStatus> statuses = this.registry.components();
		List<ComponentView> components = statuses.stream().map(this::view).toList();
		Set<String> enabled = new TreeSet<>();
		statuses.forEach((status) -> enabled.add(status.name()));
		List<AvailableComponent> available = this.catalog.components()
			.entrySet()
			.stream()
			.filter((entry) -> !enabled.contains(entry.getKey()))
			.map((entry) -> new AvailableComponent(entry.getKey(), entry.getValue()))
			.toList();
		return ServerResponse.ok().bodyValue(new ComponentsView(components, available));
	}

	private ComponentView view(ComponentStatus status) {
		ComponentDescriptor descriptor = status.descriptor();
		return new ComponentView(descriptor.name(), descriptor.description(), descriptor.optional(), status.state(),
				status.since(), status.reason(),
				(status.startDuration() != null) ? status.startDuration().toMillis() : null,
				new TreeSet<>(descriptor.dependsOn()), this.registry.dependents(descriptor.name()));
	}

	/**
	 * Response of {@code GET /components}.
	 *
	 * @param components the enabled components, in start order
	 * @param available optional components that exist but are not enabled
	 */
	public record ComponentsView(List<ComponentView> components, List<AvailableComponent> available) {

	}

	/**
	 * One enabled component.
	 *
	 * @param name the name
	 * @param description what it does
	 * @param optional whether it is optional
	 * @param state its lifecycle state
	 * @param since when it entered that state
	 * @param reason why it is degraded or failed
	 * @param startMillis how long it took to start, in milliseconds
	 * @param dependsOn the components it depends on
	 * @param dependents the components that depend on it, directly or not: what its
	 * failure affects
	 */
	public record ComponentView(String name, String description, boolean optional, ComponentState state, Instant since,
			@Nullable String reason, @Nullable Long startMillis, Set<String> dependsOn, List<String> dependents) {

	}

	/**
	 * An optional component that is not enabled.
	 *
	 * @param name the name to set under {@code library.enabled-components}
	 * @param description what it does
	 */
	public record AvailableComponent(String name, String description) {

	}

}
