/**
 * Auto-configuration of the i2c component.
 */
@NullMarked
package dev.library.i2c.autoconfigure;

import org.jspecify.annotations.NullMarked;
