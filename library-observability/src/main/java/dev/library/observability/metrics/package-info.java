/**
 * Micrometer metrics of the platform's components.
 */
@NullMarked
package dev.library.observability.metrics;

import org.jspecify.annotations.NullMarked;
