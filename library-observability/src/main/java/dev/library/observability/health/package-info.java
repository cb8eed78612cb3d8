/**
 * Health of components and their dependency graph, for Kubernetes probes.
 */
@NullMarked
package dev.library.observability.health;

import org.jspecify.annotations.NullMarked;
