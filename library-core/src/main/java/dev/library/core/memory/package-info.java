/**
 * Memory housekeeping of the running platform.
 */
@NullMarked
package dev.library.core.memory;

import org.jspecify.annotations.NullMarked;
