/**
 * The virtual plant: a built-in adapter type that simulates a tank, a pump and a valve.
 */
@NullMarked
package dev.library.adapters.virtual;

import org.jspecify.annotations.NullMarked;
