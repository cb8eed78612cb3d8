/**
 * A Raspberry Pi Pico (or any board running StandardFirmata) as remote I/O over USB
 * serial: the host side of the Firmata protocol and the {@code firmata} adapter type.
 */
@NullMarked
package dev.library.i2c.firmata;

import org.jspecify.annotations.NullMarked;
