/**
 * Auto-configuration of the state component.
 */
@NullMarked
package dev.library.state.autoconfigure;

import org.jspecify.annotations.NullMarked;
