package dev.library.config.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration hot reload settings.
 *
 * @author Library
 */
@ConfigurationProperties("library.config")
@Validated
public class ConfigProperties {

	/**
	 * Configuration file watched for changes and reloaded without a restart, such as an
	 * application.yaml mounted from a Kubernetes ConfigMap: YAML (.yaml, .yml) or
	 * .properties. It overrides application.yaml but not environment variables or the
	 * command line. Nothing is watched when unset.
	 */
	private @Nullable Path watchPath;

	/**
	 * How often the watched file is checked for a change of content.
	 */
	@NotNull
	@DurationMin(millis = 50)
	private Duration watchInterval = Duration.ofSeconds(2);

	/**
	 * How many reloads are kept for GET /config/reloads.
	 */
	@Min(1)
	@Max(10000)
	private int reloadHistory = 50;

	public @Nullable Path getWatchPath() {
		return this.watchPath;
	}

	public void setWatchPath(@Nullable Path watchPath) {
		this.watchPath = watchPath;
	}

	public Duration getWatchInterval() {
		return this.watchInterval;
	}

	public void setWatchInterval(Duration watchInterval) {
		this.watchInterval = watchInterval;
	}

	public int getReloadHistory() {
		return this.reloadHistory;
	}

	public void setReloadHistory(int reloadHistory) {
		this.reloadHistory = reloadHistory;
	}

}
