package dev.library.core.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Leaves out the auto-configurations that belong to an optional component while that
 * component is switched off. A module declares them in {@value #LOCATION} as
 * {@code name=prefix,prefix}: for example the kafka component owns Spring Boot's Kafka
 * auto-configurations, which would otherwise create a producer factory, a listener
 * container factory and their metrics on every start because spring-kafka is on the class
 * path. Filtering them out before their classes are loaded keeps a start with the
 * component off as cheap as an application without it.
 * <p>
 * Spring Boot asks the filter about every class the configuration parser meets, not only
 * once for all auto-configurations, so the declarations are read once per filter: reading
 * them means a look into every jar on the class path.
 *
 * @author Library
 */
public class OptionalComponentAutoConfigurationFilter
		implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

	/**
	 * Where modules declare the auto-configurations their component owns.
	 */
	public static final String LOCATION = "META-INF/library-component-auto-configurations.properties";

	private @Nullable Environment environment;

	private @Nullable ClassLoader classLoader;

	private @Nullable List<String> switchedOffPrefixes;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
		this.switchedOffPrefixes = null;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
		this.switchedOffPrefixes = null;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		List<String> switchedOff = switchedOffPrefixes();
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = candidate == null || switchedOff.stream().noneMatch(candidate::startsWith);
		}
		return matches;
	}

	private List<String> switchedOffPrefixes() {
		List<String> prefixes = this.switchedOffPrefixes;
		if (prefixes == null) {
			prefixes = prefixesOfSwitchedOffComponents();
			this.switchedOffPrefixes = prefixes;
		}
		return prefixes;
	}

	private List<String> prefixesOfSwitchedOffComponents() {
		List<String> prefixes = new ArrayList<>();
		ownedAutoConfigurations().forEach((component, owned) -> {
			if (!isEnabled(component)) {
				prefixes.addAll(owned);
			}
		});
		return prefixes;
	}

	private boolean isEnabled(String component) {
		String value = (this.environment != null)
				? this.environment.getProperty(EnabledComponentsProperties.PREFIX + "." + component) : null;
		return value != null && "true".equalsIgnoreCase(value.trim());
	}

	private Map<String, List<String>> ownedAutoConfigurations() {
		ClassLoader loader = (this.classLoader != null) ? this.classLoader : getClass().getClassLoader();
		Map<String, List<String>> owned = new LinkedHashMap<>();
		try {
			Enumeration<URL> resources = loader.getResources(LOCATION);
			while (resources.hasMoreElements()) {
				Properties properties = new Properties();
				try (InputStream in = resources.nextElement().openStream()) {
					properties.load(in);
				}
				properties.forEach(
						(component, prefixes) -> owned.computeIfAbsent((String) component, (name) -> new ArrayList<>())
							.addAll(List.of(StringUtils
								.commaDelimitedListToStringArray(StringUtils.trimAllWhitespace((String) prefixes)))));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + LOCATION, ex);
		}
		return owned;
	}

}
