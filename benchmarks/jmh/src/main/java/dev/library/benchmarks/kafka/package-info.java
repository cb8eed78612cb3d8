/**
 * Benchmarks of the kafka component: records per second published from state changes
 * against a plain producer loop, and the delay from a state change to its consumption.
 */
package dev.library.benchmarks.kafka;
