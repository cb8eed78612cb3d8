/**
 * Where start-up time goes: a report of Spring's start-up steps, grouped by origin.
 */
@NullMarked
package dev.library.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
