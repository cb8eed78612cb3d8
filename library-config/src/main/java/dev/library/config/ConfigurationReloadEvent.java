package dev.library.config;

import org.springframework.context.ApplicationEvent;

/**
 * Published after each version of the watched configuration file has been handled,
 * whatever the outcome. Listeners of a reloadable property may re-read it here.
 *
 * @author Library
 */
public class ConfigurationReloadEvent extends ApplicationEvent {

	private final ConfigurationReload reload;

	public ConfigurationReloadEvent(Object source, ConfigurationReload reload) {
		super(source);
		this.reload = reload;
	}

	/**
	 * Return what happened.
	 * @return the reload
	 */
	public ConfigurationReload getReload() {
		return this.reload;
	}

}
