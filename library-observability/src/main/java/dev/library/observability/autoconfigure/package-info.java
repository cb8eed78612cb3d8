/**
 * Auto-configuration of metrics, health and tracing.
 */
@NullMarked
package dev.library.observability.autoconfigure;

import org.jspecify.annotations.NullMarked;
