package dev.library.core.autoconfigure;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.OptionalComponentCatalog;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks that {@code library.enabled-components} and {@code library.core.components} name
 * only components that exist, and that only optional ones are allowed not to fail fast. A
 * mistake stops start-up naming the property, its value and what is allowed.
 *
 * @author Library
 */
final class ComponentSettingsValidator {

	private ComponentSettingsValidator() {
	}

	static void validate(EnabledComponentsProperties enabled, CoreProperties core, OptionalComponentCatalog catalog,
			Collection<ComponentDescriptor> components) {
		for (Map.Entry<String, Boolean> entry : enabled.getEnabledComponents().entrySet()) {
			if (!catalog.contains(entry.getKey())) {
				throw new InvalidConfigurationPropertyValueException(
						EnabledComponentsProperties.PREFIX + "." + entry.getKey(), entry.getValue(),
						"'" + entry.getKey() + "' is not an optional component; known optional components are "
								+ catalog.components().keySet());
			}
		}
		Set<String> known = new TreeSet<>(catalog.components().keySet());
		components.forEach((component) -> known.add(component.name()));
		for (Map.Entry<String, CoreProperties.Component> entry : core.getComponents().entrySet()) {
			String name = entry.getKey();
			if (!known.contains(name)) {
				throw new InvalidConfigurationPropertyValueException("library.core.components." + name, name,
						"'" + name + "' is not a component; known components are " + known);
			}
			boolean mandatory = components.stream()
				.anyMatch((component) -> component.name().equals(name) && !component.optional());
			if (mandatory && !entry.getValue().isFailFast()) {
				throw new InvalidConfigurationPropertyValueException("library.core.components." + name + ".fail-fast",
						false, "'" + name + "' is mandatory and must fail fast; only optional components may be "
								+ "configured with fail-fast: false");
			}
		}
	}

}
