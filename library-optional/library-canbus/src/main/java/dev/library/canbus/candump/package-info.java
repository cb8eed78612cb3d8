/**
 * candump log files: their formats and their replay as a CAN transport.
 */
@NullMarked
package dev.library.canbus.candump;

import org.jspecify.annotations.NullMarked;
