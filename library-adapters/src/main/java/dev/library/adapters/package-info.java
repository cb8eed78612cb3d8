/**
 * Adapter registry, supervised connections, devices and their points.
 */
@NullMarked
package dev.library.adapters;

import org.jspecify.annotations.NullMarked;
