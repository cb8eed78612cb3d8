/**
 * J1939: reassembly of multi-packet transfers of the transport protocol (J1939-21).
 */
@NullMarked
package dev.library.canbus.j1939;

import org.jspecify.annotations.NullMarked;
