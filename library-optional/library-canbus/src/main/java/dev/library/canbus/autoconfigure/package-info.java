/**
 * Auto-configuration of the canbus component.
 */
@NullMarked
package dev.library.canbus.autoconfigure;

import org.jspecify.annotations.NullMarked;
