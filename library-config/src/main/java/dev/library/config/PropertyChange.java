package dev.library.config;

import org.jspecify.annotations.Nullable;

/**
 * One property whose value changed in a reload. Secret values are redacted.
 *
 * @param property the canonical property name
 * @param previous the value before, or {@code null} if it was not set
 * @param value the value now, or {@code null} if it is no longer set (its default
 * applies)
 * @param status whether it took effect or needs a restart
 * @author Library
 */
public record PropertyChange(String property, @Nullable String previous, @Nullable String value, ChangeStatus status) {

}
