/**
 * Benchmarks of CAN frame decoding.
 */
@NullMarked
package dev.library.benchmarks.canbus;

import org.jspecify.annotations.NullMarked;
