/**
 * Tracing status and a test span endpoint.
 */
@NullMarked
package dev.library.observability.tracing;

import org.jspecify.annotations.NullMarked;
