/**
 * CAN bus adapters: frames from a transport decoded with DBC databases into signals,
 * message liveness and sending.
 */
@NullMarked
package dev.library.canbus;

import org.jspecify.annotations.NullMarked;
