/**
 * Configuration hot reload from a watched file, the effective configuration with the
 * origin of every value, and the reload history.
 */
@NullMarked
package dev.library.config;

import org.jspecify.annotations.NullMarked;
