package dev.library.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code library.*} properties that a set of property sources sets, each with the
 * value that wins (placeholders resolved), the property source it comes from and its
 * origin. Names are compared the relaxed way: {@code LIBRARY_CORE_STOPTIMEOUT} and
 * {@code library.core.stop-timeout} are the same property.
 *
 * @author Library
 */
public final class EffectiveConfiguration {

	static final ConfigurationPropertyName LIBRARY = ConfigurationPropertyName.of("library");

	private final Map<ConfigurationPropertyName, ConfiguredValue> values;

	private EffectiveConfiguration(Map<ConfigurationPropertyName, ConfiguredValue> values) {
		this.values = Collections.unmodifiableMap(values);
	}

	/**
	 * Resolve the effective {@code library.*} configuration of the given property
	 * sources, highest precedence first.
	 * @param sources the property sources, as in an environment
	 * @return the effective configuration
	 */
	public static EffectiveConfiguration of(Iterable<PropertySource<?>> sources) {
		PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(sources);
		Map<ConfigurationPropertyName, ConfiguredValue> values = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.from(sources)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream().filter(LIBRARY::isAncestorOf).forEach((name) -> {
				if (!values.containsKey(name)) {
					ConfigurationProperty property = iterable.getConfigurationProperty(name);
					if (property != null) {
						values.put(name, valueOf(property, placeholders));
					}
				}
			});
		}
		return new EffectiveConfiguration(values);
	}

	private static ConfiguredValue valueOf(ConfigurationProperty property,
			PropertySourcesPlaceholdersResolver placeholders) {
		Object raw = property.getValue();
		Object resolved = (raw instanceof String text) ? placeholders.resolvePlaceholders(text) : raw;
		Object underlying = property.getSource().getUnderlyingSource();
		String source = (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName()
				: String.valueOf(underlying);
		return new ConfiguredValue(property.getName(), (resolved != null) ? String.valueOf(resolved) : null, source,
				(property.getOrigin() != null) ? property.getOrigin().toString() : null);
	}

	/**
	 * Return every property that is set, by name.
	 * @return the values, highest precedence source first
	 */
	public Map<ConfigurationPropertyName, ConfiguredValue> values() {
		return this.values;
	}

	/**
	 * Return the value of a property.
	 * @param name the name
	 * @return the value, or {@code null} if the property is not set
	 */
	public @Nullable String value(ConfigurationPropertyName name) {
		ConfiguredValue value = this.values.get(name);
		return (value != null) ? value.value() : null;
	}

	/**
	 * Return the properties whose value differs in the other configuration: changed,
	 * added or removed. Where a value is set does not matter, only what it is.
	 * @param other the configuration to compare with
	 * @return the differences, ordered by name
	 */
	public List<PropertyDelta> changesTo(EffectiveConfiguration other) {
		Set<ConfigurationPropertyName> names = new LinkedHashSet<>(this.values.keySet());
		names.addAll(other.values.keySet());
		List<PropertyDelta> changes = new ArrayList<>();
		for (ConfigurationPropertyName name : names) {
			String previous = value(name);
			String value = other.value(name);
			if (!Objects.equals(previous, value)) {
				changes.add(new PropertyDelta(name, previous, value));
			}
		}
		changes.sort(Comparator.comparing((change) -> change.name().toString()));
		return changes;
	}

	/**
	 * The value of one property and where it comes from.
	 *
	 * @param name the name as the source spells it
	 * @param value the value, placeholders resolved
	 * @param source the name of the property source
	 * @param origin where in the source it is set, such as a file with line and column or
	 * an environment variable, or {@code null} if the source does not say
	 */
	public record ConfiguredValue(ConfigurationPropertyName name, @Nullable String value, String source,
			@Nullable String origin) {

	}

	/**
	 * A property whose value differs between two configurations.
	 *
	 * @param name the name
	 * @param previous the value before, or {@code null} if it was not set
	 * @param value the value after, or {@code null} if it is no longer set
	 */
	public record PropertyDelta(ConfigurationPropertyName name, @Nullable String previous, @Nullable String value) {

	}

}
