package dev.library.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * The properties of the watched configuration file. It sits above the application's own
 * configuration files and below environment variables, system properties and the command
 * line, so that a mounted ConfigMap overrides the packaged application.yaml while an
 * operator's environment still wins. Every value keeps its origin (file, line and
 * column).
 *
 * @author Library
 */
public final class ConfigFilePropertySource extends MapPropertySource implements OriginLookup<String> {

	private final Path path;

	private final String hash;

	private ConfigFilePropertySource(Path path, String hash, Map<String, Object> properties) {
		super(nameOf(path), properties);
		this.path = path;
		this.hash = hash;
	}

	/**
	 * Parse a snapshot of the file: YAML if it ends with .yaml or .yml, properties if it
	 * ends with .properties. The documents of a multi-document file are merged, later
	 * ones winning.
	 * @param snapshot the snapshot, which must exist
	 * @return the property source
	 * @throws ConfigFileException if the file cannot be parsed
	 */
	public static ConfigFilePropertySource load(ConfigFileSnapshot snapshot) throws ConfigFileException {
		byte[] content = snapshot.content();
		if (content == null || snapshot.hash() == null) {
			throw new ConfigFileException("'" + snapshot.path() + "' does not exist");
		}
		PropertySourceLoader loader = loaderFor(snapshot.path());
		Map<String, Object> properties = new LinkedHashMap<>();
		try {
			for (PropertySource<?> document : loader.load(nameOf(snapshot.path()),
					resource(snapshot.path(), content))) {
				if (document instanceof MapPropertySource map) {
					properties.putAll(map.getSource());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new ConfigFileException("'" + snapshot.path() + "' cannot be parsed: " + describe(ex), ex);
		}
		return new ConfigFilePropertySource(snapshot.path(), snapshot.hash(), properties);
	}

	/**
	 * Check that the file has an extension that can be parsed.
	 * @param path the file
	 * @throws ConfigFileException if it does not end with .yaml, .yml or .properties
	 */
	public static void checkFormat(Path path) throws ConfigFileException {
		loaderFor(path);
	}

	/**
	 * Put the source where it belongs: in place of the previous version, otherwise just
	 * below environment variables.
	 * @param sources the property sources of an environment
	 * @param source the source to install
	 */
	public static void install(MutablePropertySources sources, ConfigFilePropertySource source) {
		ConfigFilePropertySource previous = find(sources);
		if (previous != null) {
			sources.replace(previous.getName(), source);
		}
		else if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	/**
	 * Find the installed source.
	 * @param sources the property sources of an environment
	 * @return the source, or {@code null} if none is installed
	 */
	public static @Nullable ConfigFilePropertySource find(PropertySources sources) {
		for (PropertySource<?> source : sources) {
			if (source instanceof ConfigFilePropertySource file) {
				return file;
			}
		}
		return null;
	}

	/**
	 * Return the file this source was read from.
	 * @return the path
	 */
	public Path getPath() {
		return this.path;
	}

	/**
	 * Return the SHA-256 of the content this source was parsed from.
	 * @return the hash
	 */
	public String getHash() {
		return this.hash;
	}

	@Override
	public @Nullable Object getProperty(String name) {
		Object value = super.getProperty(name);
		return (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
	}

	@Override
	public @Nullable Origin getOrigin(String key) {
		return (this.source.get(key) instanceof OriginTrackedValue tracked) ? tracked.getOrigin() : null;
	}

	private static String nameOf(Path path) {
		return "Config file [" + path + "]";
	}

	private static PropertySourceLoader loaderFor(Path path) throws ConfigFileException {
		String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".yaml") || name.endsWith(".yml")) {
			return new YamlPropertySourceLoader();
		}
		if (name.endsWith(".properties")) {
			return new PropertiesPropertySourceLoader();
		}
		throw new ConfigFileException("'" + path + "' must end with .yaml, .yml or .properties");
	}

	private static Resource resource(Path path, byte[] content) {
		String description = "file [" + path.toAbsolutePath() + "]";
		return new ByteArrayResource(content, description) {

			@Override
			public String getDescription() {
				return description;
			}

			@Override
			public String getFilename() {
				return path.getFileName().toString();
			}

		};
	}

	/**
	 * Say what is wrong and where, without quoting content: parser messages of some
	 * libraries include the offending line, which may hold a secret.
	 */
	private static String describe(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof MarkedYAMLException yaml) {
				Mark mark = yaml.getProblemMark();
				String problem = (yaml.getProblem() != null) ? yaml.getProblem() : "invalid YAML";
				return (mark != null)
						? problem + " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) : problem;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return (ex instanceof IOException) ? "the file cannot be read" : "the content is not valid";
	}

}
