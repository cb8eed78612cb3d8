package dev.library.config;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads the file named by {@value #WATCH_PATH} at start-up, when it exists, so that
 * values that need a restart take effect on the restart. Runs right after the
 * application's own configuration files are loaded. A file that cannot be read or parsed
 * stops start-up with a message naming it.
 *
 * @author Library
 */
public class ConfigFileEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Property naming the watched file.
	 */
	public static final String WATCH_PATH = "library.config.watch-path";

	/**
	 * Runs after {@link ConfigDataEnvironmentPostProcessor}, so that the path may be set
	 * in application.yaml.
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private final Log logger;

	public ConfigFileEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(ConfigFileEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Path path = Binder.get(environment).bind(WATCH_PATH, Path.class).orElse(null);
		if (path == null) {
			return;
		}
		try {
			ConfigFilePropertySource.checkFormat(path);
			ConfigFileSnapshot snapshot = ConfigFileSnapshot.read(path);
			if (!snapshot.exists()) {
				this.logger.info("Watched configuration file '" + path + "' does not exist yet; it is loaded when "
						+ "it appears");
				return;
			}
			ConfigFilePropertySource.install(environment.getPropertySources(), ConfigFilePropertySource.load(snapshot));
			this.logger.info("Loaded watched configuration file '" + path + "'");
		}
		catch (ConfigFileException ex) {
			throw new InvalidConfigurationPropertyValueException(WATCH_PATH, path, ex.getMessage());
		}
		catch (IOException ex) {
			throw new InvalidConfigurationPropertyValueException(WATCH_PATH, path,
					"'" + path + "' cannot be read: " + ex.getMessage());
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
