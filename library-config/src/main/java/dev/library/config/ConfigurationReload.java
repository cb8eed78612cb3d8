package dev.library.config;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One reload of the watched configuration file: when, what changed and what became of it.
 *
 * @param time when the change was detected
 * @param file the watched file
 * @param outcome what became of it
 * @param changes the properties whose value changed, with whether each took effect
 * @param errors why the change was rejected, empty unless rejected
 * @param detail a sentence for the operator, or {@code null}
 * @author Library
 */
public record ConfigurationReload(Instant time, String file, ReloadOutcome outcome, List<PropertyChange> changes,
		List<ConfigurationError> errors, @Nullable String detail) {

	public ConfigurationReload {
		changes = List.copyOf(changes);
		errors = List.copyOf(errors);
	}

}
