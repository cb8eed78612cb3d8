/**
 * SocketCAN (Linux CAN_RAW sockets through javacan) as a CAN transport.
 */
@NullMarked
package dev.library.canbus.socketcan;

import org.jspecify.annotations.NullMarked;
