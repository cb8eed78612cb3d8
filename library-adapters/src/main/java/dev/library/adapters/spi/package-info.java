/**
 * The adapter SPI that third parties implement in their own jars: framework-free.
 */
@NullMarked
package dev.library.adapters.spi;

import org.jspecify.annotations.NullMarked;
