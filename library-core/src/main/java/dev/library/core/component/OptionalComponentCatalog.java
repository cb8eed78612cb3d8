package dev.library.core.component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The optional components on the classpath, each declared by its module in
 * {@value #LOCATION} as {@code name=description}. A third-party jar adds a component by
 * shipping the same file.
 *
 * @author Library
 */
public final class OptionalComponentCatalog {

	/**
	 * Where modules declare their optional components.
	 */
	public static final String LOCATION = "META-INF/library-components.properties";

	private final Map<String, String> components;

	private OptionalComponentCatalog(Map<String, String> components) {
		this.components = Collections.unmodifiableMap(components);
	}

	/**
	 * Load the catalog from every {@value #LOCATION} that the class loader sees.
	 * @param classLoader the class loader
	 * @return the catalog
	 */
	public static OptionalComponentCatalog load(@Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : OptionalComponentCatalog.class.getClassLoader();
		Map<String, String> components = new TreeMap<>();
		try {
			Enumeration<URL> resources = loader.getResources(LOCATION);
			while (resources.hasMoreElements()) {
				Properties properties = new Properties();
				try (InputStream in = resources.nextElement().openStream()) {
					properties.load(in);
				}
				properties.forEach((name, description) -> components.put((String) name, (String) description));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + LOCATION, ex);
		}
		return new OptionalComponentCatalog(components);
	}

	/**
	 * Return every known optional component, by name, with its description.
	 * @return the components
	 */
	public Map<String, String> components() {
		return this.components;
	}

	/**
	 * Whether an optional component of this name exists.
	 * @param name the name
	 * @return whether it is known
	 */
	public boolean contains(String name) {
		return this.components.containsKey(name);
	}

}
