/**
 * Auto-configuration of the config component.
 */
@NullMarked
package dev.library.config.autoconfigure;

import org.jspecify.annotations.NullMarked;
