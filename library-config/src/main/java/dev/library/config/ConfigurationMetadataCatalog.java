package dev.library.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.function.SingletonSupplier;

/**
 * The {@code library.*} properties described by the configuration metadata that
 * {@code spring-boot-configuration-processor} generates for every module: their canonical
 * names and their defaults. Used to spell names the canonical way (an environment
 * variable gives {@code library.enabledcomponents.kafka}, the metadata knows
 * {@code library.enabled-components}) and to show defaults that no source overrides.
 *
 * @author Library
 */
public final class ConfigurationMetadataCatalog {

	/**
	 * Where modules keep their configuration metadata.
	 */
	public static final String LOCATION = "classpath*:META-INF/spring-configuration-metadata.json";

	private final SingletonSupplier<List<PropertyMetadata>> properties;

	private ConfigurationMetadataCatalog(Supplier<List<PropertyMetadata>> properties) {
		this.properties = SingletonSupplier.of(() -> List.copyOf(properties.get()));
	}

	/**
	 * Create a catalog of the given properties.
	 * @param properties the properties
	 * @return the catalog
	 */
	public static ConfigurationMetadataCatalog of(List<PropertyMetadata> properties) {
		return new ConfigurationMetadataCatalog(() -> properties);
	}

	/**
	 * Create a catalog of the metadata of every module that the class loader sees, read
	 * on first use (a reload or {@code GET /config}) rather than at start-up.
	 * @param classLoader the class loader
	 * @return the catalog
	 */
	public static ConfigurationMetadataCatalog load(@Nullable ClassLoader classLoader) {
		return new ConfigurationMetadataCatalog(() -> read(classLoader));
	}

	private static List<PropertyMetadata> read(@Nullable ClassLoader classLoader) {
		List<PropertyMetadata> properties = new ArrayList<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(LOCATION)) {
				try (InputStream in = resource.getInputStream()) {
					JsonNode metadata = JsonMapper.shared().readTree(in);
					for (JsonNode property : metadata.path("properties")) {
						PropertyMetadata parsed = parse(property);
						if (parsed != null) {
							properties.add(parsed);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + LOCATION, ex);
		}
		return properties;
	}

	private static @Nullable PropertyMetadata parse(JsonNode property) {
		String name = property.path("name").asString("");
		ConfigurationPropertyName parsed = ConfigurationPropertyName.ofIfValid(name);
		if (parsed == null || !EffectiveConfiguration.LIBRARY.isAncestorOf(parsed)) {
			return null;
		}
		JsonNode sourceType = property.path("sourceType");
		return new PropertyMetadata(parsed, sourceType.isString() ? sourceType.asString() : null,
				defaultValue(property.path("defaultValue")));
	}

	private static @Nullable String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (value.isArray()) {
			StringJoiner joined = new StringJoiner(",");
			value.forEach((element) -> joined.add(element.asString()));
			return joined.toString();
		}
		return value.asString();
	}

	/**
	 * Return the name spelled as the metadata spells it, as far as the metadata knows it:
	 * {@code library.enabledcomponents.kafka} becomes
	 * {@code library.enabled-components.kafka}.
	 * @param name a name in any relaxed form
	 * @return the canonical name
	 */
	public String canonicalName(ConfigurationPropertyName name) {
		PropertyMetadata best = null;
		for (PropertyMetadata property : this.properties.obtain()) {
			if ((property.name().equals(name) || property.name().isAncestorOf(name))
					&& (best == null || property.name().getNumberOfElements() > best.name().getNumberOfElements())) {
				best = property;
			}
		}
		if (best == null) {
			return name.toString();
		}
		int known = best.name().getNumberOfElements();
		return (known == name.getNumberOfElements()) ? best.name().toString()
				: best.name().append(name.subName(known)).toString();
	}

	/**
	 * Return every described property.
	 * @return the properties
	 */
	public List<PropertyMetadata> properties() {
		return this.properties.obtain();
	}

	/**
	 * One described property.
	 *
	 * @param name the canonical name
	 * @param sourceType the class that declares it, or {@code null} if unknown
	 * @param defaultValue its default as the metadata states it (such as {@code 10s}), or
	 * {@code null} if none is known
	 */
	public record PropertyMetadata(ConfigurationPropertyName name, @Nullable String sourceType,
			@Nullable String defaultValue) {

	}

}
