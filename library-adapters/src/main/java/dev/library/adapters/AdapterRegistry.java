package dev.library.adapters;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

import dev.library.adapters.spi.AdapterProvider;

/**
 * The adapter types the platform knows: {@link AdapterProvider} beans and those found
 * through {@link ServiceLoader}. Fails fast when two providers of different classes claim
 * one type; the same provider class found both ways counts once.
 *
 * @author Library
 */
public class AdapterRegistry {

	private final Map<String, AdapterProvider> providers;

	/**
	 * Create a registry from the given providers and those the class loader's
	 * {@code META-INF/services} files declare.
	 * @param beans providers declared as beans
	 * @param classLoader where to look for {@code META-INF/services} files
	 * @throws IllegalStateException if two providers of different classes have one type
	 */
	public AdapterRegistry(Collection<? extends AdapterProvider> beans, ClassLoader classLoader) {
		List<AdapterProvider> candidates = new ArrayList<>(beans);
		ServiceLoader.load(AdapterProvider.class, classLoader).forEach(candidates::add);
		Map<String, AdapterProvider> byType = new TreeMap<>();
		for (AdapterProvider candidate : candidates) {
			AdapterProvider existing = byType.putIfAbsent(candidate.type(), candidate);
			if (existing != null && existing.getClass() != candidate.getClass()) {
				throw new IllegalStateException("Adapter type '" + candidate.type() + "' is provided twice, by "
						+ existing.getClass().getName() + " and " + candidate.getClass().getName());
			}
		}
		this.providers = Collections.unmodifiableMap(byType);
	}

	/**
	 * Return the provider of a type.
	 * @param type the type name
	 * @return the provider, or empty if no provider has that type
	 */
	public Optional<AdapterProvider> provider(String type) {
		return Optional.ofNullable(this.providers.get(type));
	}

	/**
	 * Return every provider, sorted by type.
	 * @return the providers
	 */
	public Collection<AdapterProvider> providers() {
		return this.providers.values();
	}

}
