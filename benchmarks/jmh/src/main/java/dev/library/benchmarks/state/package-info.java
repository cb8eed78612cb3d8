/**
 * JMH benchmarks of the state store: changes per second in memory, delivered to watchers,
 * against a plain concurrent map in the same run.
 */
@NullMarked
package dev.library.benchmarks.state;

import org.jspecify.annotations.NullMarked;
