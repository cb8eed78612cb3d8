/**
 * Benchmarks of the alarms: evaluation of state changes against many definitions, and the
 * delay from a state change to its alarm on the stream.
 */
package dev.library.benchmarks.alarm;
