package dev.library.core.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds each module's {@value #LOCATION} as the lowest-precedence property source, so that
 * the platform works at first start and every default can still be overridden by
 * application.yaml, the environment or the command line.
 *
 * @author Library
 */
public class LibraryDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Where modules keep their default properties.
	 */
	public static final String LOCATION = "classpath*:META-INF/library-defaults.properties";

	/**
	 * Name of the property source prefix.
	 */
	public static final String PROPERTY_SOURCE_NAME = "libraryDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver(application.getClassLoader())
				.getResources(LOCATION);
			Arrays.sort(resources, Comparator.comparing(LibraryDefaultsEnvironmentPostProcessor::describe));
			for (Resource resource : resources) {
				environment.getPropertySources()
					.addLast(new PropertiesPropertySource(PROPERTY_SOURCE_NAME + " [" + describe(resource) + "]",
							PropertiesLoaderUtils.loadProperties(resource)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to load " + LOCATION, ex);
		}
	}

	private static String describe(Resource resource) {
		return resource.getDescription();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
