/**
 * I2C chips and GPIO pins of a Raspberry Pi as adapter types, through Pi4J.
 */
@NullMarked
package dev.library.i2c;

import org.jspecify.annotations.NullMarked;
