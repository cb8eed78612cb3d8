package dev.library.core.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Component lifecycle settings.
 *
 * @author Library
 */
@ConfigurationProperties("library.core")
@Validated
public class CoreProperties {

	/**
	 * Longest time a component may take to start before it counts as failed.
	 */
	@NotNull
	@DurationMin(millis = 1)
	private Duration startTimeout = Duration.ofSeconds(30);

	/**
	 * Longest time a component may take to stop before stopping moves on.
	 */
	@NotNull
	@DurationMin(millis = 1)
	private Duration stopTimeout = Duration.ofSeconds(10);

	/**
	 * Whether to run one full garbage collection when the platform is ready, so that the
	 * heap grown for start-up garbage is returned to the operating system.
	 */
	private boolean releaseStartupMemory = true;

	/**
	 * Whether to load the classes the start is known to need on a second thread while the
	 * context starts (only with more than one processor). Read once, before the context
	 * exists, so a hot reload does not change it.
	 */
	private boolean preloadClasses = true;

	/**
	 * Per-component settings, by component name.
	 */
	@Valid
	private Map<String, Component> components = new LinkedHashMap<>();

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	public Duration getStopTimeout() {
		return this.stopTimeout;
	}

	public void setStopTimeout(Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
	}

	public boolean isPreloadClasses() {
		return this.preloadClasses;
	}

	public void setPreloadClasses(boolean preloadClasses) {
		this.preloadClasses = preloadClasses;
	}

	public boolean isReleaseStartupMemory() {
		return this.releaseStartupMemory;
	}

	public void setReleaseStartupMemory(boolean releaseStartupMemory) {
		this.releaseStartupMemory = releaseStartupMemory;
	}

	public Map<String, Component> getComponents() {
		return this.components;
	}

	public void setComponents(Map<String, Component> components) {
		this.components = components;
	}

	/**
	 * Settings of one component.
	 */
	public static class Component {

		/**
		 * Whether a start failure stops the application. Only optional components may set
		 * this to false: they then run degraded and readiness says why.
		 */
		private boolean failFast = true;

		/**
		 * Longest time this component may take to start, overriding
		 * library.core.start-timeout.
		 */
		@DurationMin(millis = 1)
		private @Nullable Duration startTimeout;

		public boolean isFailFast() {
			return this.failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

		public @Nullable Duration getStartTimeout() {
			return this.startTimeout;
		}

		public void setStartTimeout(@Nullable Duration startTimeout) {
			this.startTimeout = startTimeout;
		}

	}

}
