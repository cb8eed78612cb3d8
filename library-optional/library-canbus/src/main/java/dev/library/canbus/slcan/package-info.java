/**
 * SLCAN: the serial-line protocol of CANable-style USB adapters, as a CAN transport.
 */
@NullMarked
package dev.library.canbus.slcan;

import org.jspecify.annotations.NullMarked;
