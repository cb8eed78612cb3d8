package dev.library.core.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which optional components are switched on.
 *
 * @author Library
 */
@ConfigurationProperties("library")
public class EnabledComponentsProperties {

	static final String PREFIX = "library.enabled-components";

	/**
	 * Whether each optional component is enabled, by name: kafka, i2c, canbus, database,
	 * mtls, hap. Optional components are off unless set to true.
	 */
	private Map<String, Boolean> enabledComponents = new LinkedHashMap<>();

	public Map<String, Boolean> getEnabledComponents() {
		return this.enabledComponents;
	}

	public void setEnabledComponents(Map<String, Boolean> enabledComponents) {
		this.enabledComponents = enabledComponents;
	}

}
