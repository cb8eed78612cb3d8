/**
 * Component model: descriptors, lifecycle states, the registry that starts components in
 * dependency order, and lifecycle hooks.
 */
@NullMarked
package dev.library.core.component;

import org.jspecify.annotations.NullMarked;
