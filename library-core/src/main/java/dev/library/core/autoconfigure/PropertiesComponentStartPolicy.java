package dev.library.core.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.library.core.component.ComponentStartPolicy;

/**
 * {@link ComponentStartPolicy} read from {@link CoreProperties}.
 *
 * @author Library
 */
class PropertiesComponentStartPolicy implements ComponentStartPolicy {

	private final CoreProperties properties;

	PropertiesComponentStartPolicy(CoreProperties properties) {
		this.properties = properties;
	}

	@Override
	public Duration startTimeout(String component) {
		CoreProperties.Component settings = this.properties.getComponents().get(component);
		return (settings != null && settings.getStartTimeout() != null) ? settings.getStartTimeout()
				: this.properties.getStartTimeout();
	}

	@Override
	public Duration stopTimeout() {
		return this.properties.getStopTimeout();
	}

	@Override
	public boolean failFast(String component) {
		Map<String, CoreProperties.Component> components = this.properties.getComponents();
		return !components.containsKey(component) || components.get(component).isFailFast();
	}

}
