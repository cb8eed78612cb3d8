package dev.library.schema;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.ResourceUtils;

/**
 * Reads schema files matched by resource patterns such as
 * {@code classpath*:schemas/**}{@code /*.schema.json}. A file's schema name is its file
 * name without {@code .schema.json} (or {@code .json}); its source is
 * {@code classpath:<path>} for a classpath resource, its URL otherwise. Reading is
 * blocking: call it at start-up or on a scheduler meant for blocking work.
 *
 * @author Library
 */
public final class SchemaResources {

	private static final String SCHEMA_SUFFIX = ".schema.json";

	private static final String JSON_SUFFIX = ".json";

	private SchemaResources() {
	}

	/**
	 * Read every schema file that the given locations match, sorted by source.
	 * @param resolver resolves the location patterns
	 * @param locations resource patterns, such as
	 * {@code classpath*:schemas/**}{@code /*.schema.json} or
	 * {@code file:/etc/library/schemas/*.schema.json}
	 * @return the schemas
	 * @throws SchemaRegistrationException naming the file if one cannot be read or is not
	 * JSON
	 * @throws IllegalArgumentException if a location is not a valid pattern
	 */
	public static List<SchemaDefinition> load(ResourcePatternResolver resolver, List<String> locations) {
		List<Path> classpathRoots = classpathRoots(resolver.getClassLoader());
		List<SchemaDefinition> definitions = new ArrayList<>();
		for (String location : locations) {
			for (Resource resource : resolve(resolver, location)) {
				if (resource.isReadable()) {
					definitions.add(read(resource, location, classpathRoots));
				}
			}
		}
		definitions.sort(Comparator.comparing(SchemaDefinition::source));
		return definitions;
	}

	private static Resource[] resolve(ResourcePatternResolver resolver, String location) {
		try {
			return resolver.getResources(location);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Schema location '" + location + "' cannot be resolved", ex);
		}
	}

	private static SchemaDefinition read(Resource resource, String location, List<Path> classpathRoots) {
		String source = source(resource, location, classpathRoots);
		String name = name(resource);
		String json;
		try {
			json = resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SchemaRegistrationException(name, source, "it cannot be read: " + ex.getMessage(), ex);
		}
		return SchemaDefinition.parse(name, json, source);
	}

	private static String name(Resource resource) {
		String filename = (resource.getFilename() != null) ? resource.getFilename() : "";
		if (filename.endsWith(SCHEMA_SUFFIX)) {
			return filename.substring(0, filename.length() - SCHEMA_SUFFIX.length());
		}
		if (filename.endsWith(JSON_SUFFIX)) {
			return filename.substring(0, filename.length() - JSON_SUFFIX.length());
		}
		return filename;
	}

	private static String source(Resource resource, String location, List<Path> classpathRoots) {
		String url = url(resource);
		if (!location.startsWith(ResourcePatternResolver.CLASSPATH_URL_PREFIX)
				&& !location.startsWith(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX)) {
			return url;
		}
		int entry = url.lastIndexOf("!/");
		if (entry >= 0) {
			return ResourcePatternResolver.CLASSPATH_URL_PREFIX + url.substring(entry + 2);
		}
		Path file = file(resource);
		if (file != null) {
			for (Path root : classpathRoots) {
				if (file.startsWith(root)) {
					return ResourcePatternResolver.CLASSPATH_URL_PREFIX
							+ root.relativize(file).toString().replace(File.separatorChar, '/');
				}
			}
		}
		return url;
	}

	private static String url(Resource resource) {
		try {
			return resource.getURL().toString();
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

	private static @Nullable Path file(Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().toPath().toAbsolutePath().normalize() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static List<Path> classpathRoots(@Nullable ClassLoader classLoader) {
		List<Path> roots = new ArrayList<>();
		if (classLoader == null) {
			return roots;
		}
		try {
			Enumeration<URL> urls = classLoader.getResources("");
			for (URL url : Collections.list(urls)) {
				if (ResourceUtils.isFileURL(url)) {
					roots.add(ResourceUtils.getFile(url).toPath().toAbsolutePath().normalize());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to list the classpath directories", ex);
		}
		// the deepest root wins when roots are nested
		roots.sort(Comparator.comparingInt(Path::getNameCount).reversed());
		return roots;
	}

}
