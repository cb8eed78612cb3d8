/**
 * Interlocks: conditions on state keys that an output needs to leave its safe state.
 */
@NullMarked
package dev.library.adapters.interlock;

import org.jspecify.annotations.NullMarked;
