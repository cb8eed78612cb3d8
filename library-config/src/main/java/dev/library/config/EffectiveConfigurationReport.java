package dev.library.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.library.config.ConfigurationMetadataCatalog.PropertyMetadata;
import dev.library.config.EffectiveConfiguration.ConfiguredValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Reports the effective {@code library.*} configuration of the running application: every
 * property a source sets, with the source and origin of its value, plus the defaults of
 * the bound {@code @ConfigurationProperties} beans that no source overrides. Secrets are
 * redacted.
 *
 * @author Library
 */
public class EffectiveConfigurationReport {

	private final ConfigurableEnvironment environment;

	private final ConfigurationMetadataCatalog names;

	private final LibraryPropertiesBeans beans;

	private final Supplier<Set<ConfigurationPropertyName>> pendingRestart;

	/**
	 * Create a report.
	 * @param context the application context whose beans are reported
	 * @param environment its environment
	 * @param names the configuration metadata
	 * @param pendingRestart the properties whose change waits for a restart
	 */
	public EffectiveConfigurationReport(ApplicationContext context, ConfigurableEnvironment environment,
			ConfigurationMetadataCatalog names, Supplier<Set<ConfigurationPropertyName>> pendingRestart) {
		this.environment = environment;
		this.names = names;
		this.beans = new LibraryPropertiesBeans(context);
		this.pendingRestart = pendingRestart;
	}

	/**
	 * Return the effective configuration.
	 * @return the properties, ordered by name
	 */
	public List<ConfiguredProperty> properties() {
		Map<ConfigurationPropertyName, ConfiguredValue> values = EffectiveConfiguration
			.of(this.environment.getPropertySources())
			.values();
		Set<ConfigurationPropertyName> pending = this.pendingRestart.get();
		List<ConfiguredProperty> properties = new ArrayList<>();
		values.forEach((name, value) -> {
			String canonical = this.names.canonicalName(name);
			properties.add(new ConfiguredProperty(canonical, SecretRedactor.redact(canonical, value.value()),
					value.source(), value.origin(), pending.contains(name)));
		});
		Set<String> boundTypes = boundTypes();
		for (PropertyMetadata metadata : this.names.properties()) {
			if (metadata.defaultValue() != null && !values.containsKey(metadata.name())
					&& isBound(metadata.sourceType(), boundTypes)) {
				String name = metadata.name().toString();
				properties.add(new ConfiguredProperty(name, SecretRedactor.redact(name, metadata.defaultValue()),
						ConfiguredProperty.DEFAULT, ConfiguredProperty.DEFAULT, false));
			}
		}
		properties.sort(Comparator.comparing(ConfiguredProperty::name));
		return properties;
	}

	private Set<String> boundTypes() {
		Set<String> types = new HashSet<>();
		this.beans.get().values().forEach((bean) -> types.add(LibraryPropertiesBeans.type(bean).getName()));
		return types;
	}

	private static boolean isBound(@Nullable String sourceType, Set<String> boundTypes) {
		if (sourceType == null) {
			return false;
		}
		int nested = sourceType.indexOf('$');
		return boundTypes.contains((nested > 0) ? sourceType.substring(0, nested) : sourceType);
	}

}
