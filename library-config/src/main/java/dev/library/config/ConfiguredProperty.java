package dev.library.config;

import org.jspecify.annotations.Nullable;

/**
 * One effective {@code library.*} property as {@code GET /config} shows it.
 *
 * @param name the canonical name
 * @param value the value in force (placeholders resolved, secrets redacted), or
 * {@code null}
 * @param source the property source that sets it, such as
 * {@code Config resource 'class path resource [application.yaml]' ...},
 * {@code systemEnvironment}, {@code Config file [/etc/library/application.yaml]}, or
 * {@code default} when no source sets it and this is the default of its bean
 * @param origin where exactly, such as {@code class path resource [application.yaml] -
 * 12:5} or {@code System Environment Property "LIBRARY_CORE_STOPTIMEOUT"}, or
 * {@code null} if the source does not say
 * @param restartPending whether this value was changed at run time but the running
 * application still uses the previous one until it restarts
 * @author Library
 */
public record ConfiguredProperty(String name, @Nullable String value, String source, @Nullable String origin,
		boolean restartPending) {

	/**
	 * Source and origin of a value that no property source sets.
	 */
	public static final String DEFAULT = "default";

}
