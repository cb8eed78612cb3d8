/**
 * Auto-configuration of the kafka component.
 */
@NullMarked
package dev.library.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
