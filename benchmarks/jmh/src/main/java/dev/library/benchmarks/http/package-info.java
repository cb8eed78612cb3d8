/**
 * A closed-loop HTTP load generator for measuring a running Library over real HTTP:
 * latency percentiles and requests per second of its routes against a baseline route in
 * the same run.
 */
@NullMarked
package dev.library.benchmarks.http;

import org.jspecify.annotations.NullMarked;
