/**
 * The baseline that Library's start-up time and memory are compared with: a minimal
 * WebFlux and Actuator application with the same readiness probe.
 */
@NullMarked
package dev.library.benchmarks.minimal;

import org.jspecify.annotations.NullMarked;
