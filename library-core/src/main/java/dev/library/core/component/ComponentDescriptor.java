package dev.library.core.component;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Static description of a component: its name, whether it is mandatory, what it depends
 * on and which of its properties may change while it runs.
 *
 * @param name unique lower-case name, as used under {@code library.enabled-components}
 * @param description one sentence saying what the component does
 * @param optional whether the component is optional (switched on by
 * {@code library.enabled-components.<name>})
 * @param dependsOn names of the components that must start before this one
 * @param reloadableProperties property names (or prefixes ending in {@code .}) that may
 * change at run time without a restart
 * @author Library
 */
public record ComponentDescriptor(String name, String description, boolean optional, Set<String> dependsOn,
		Set<String> reloadableProperties) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

	public ComponentDescriptor {
		Assert.isTrue(name != null && NAME.matcher(name).matches(),
				() -> "Component name '" + name + "' must match " + NAME.pattern());
		Assert.notNull(description, "'description' must not be null");
		dependsOn = Set.copyOf(dependsOn);
		Assert.isTrue(!dependsOn.contains(name), () -> "Component '" + name + "' must not depend on itself");
		reloadableProperties = Set.copyOf(reloadableProperties);
	}

	/**
	 * Start describing a mandatory component.
	 * @param name the component name
	 * @return a builder
	 */
	public static Builder mandatory(String name) {
		return new Builder(name, false);
	}

	/**
	 * Start describing an optional component.
	 * @param name the component name
	 * @return a builder
	 */
	public static Builder optional(String name) {
		return new Builder(name, true);
	}

	/**
	 * Whether the given property may change at run time without a restart. A name
	 * declared reloadable covers the elements of a list of that name too
	 * ({@code library.adapters.instances} covers
	 * {@code library.adapters.instances[0].id}).
	 * @param propertyName a canonical property name such as
	 * {@code library.config.watch-interval}
	 * @return whether it is declared reloadable
	 */
	public boolean isReloadable(String propertyName) {
		for (String reloadable : this.reloadableProperties) {
			if (reloadable.endsWith(".") ? propertyName.startsWith(reloadable)
					: propertyName.equals(reloadable) || propertyName.startsWith(reloadable + "[")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Builder for {@link ComponentDescriptor}.
	 */
	public static final class Builder {

		private final String name;

		private final boolean optional;

		private String description = "";

		private final Set<String> dependsOn = new LinkedHashSet<>();

		private final Set<String> reloadableProperties = new LinkedHashSet<>();

		private Builder(String name, boolean optional) {
			this.name = name;
			this.optional = optional;
		}

		public Builder description(String description) {
			this.description = description;
			return this;
		}

		public Builder dependsOn(String... components) {
			this.dependsOn.addAll(Arrays.asList(components));
			return this;
		}

		public Builder reloadableProperties(String... properties) {
			this.reloadableProperties.addAll(Arrays.asList(properties));
			return this;
		}

		public ComponentDescriptor build() {
			return new ComponentDescriptor(this.name, this.description, this.optional, this.dependsOn,
					this.reloadableProperties);
		}

	}

}
