/**
 * A second baseline for Library's start-up time: an application with the starters Library
 * is built on and none of Library's code, so that a measurement separates what the stack
 * costs from what Library adds to it.
 */
@NullMarked
package dev.library.benchmarks.stack;

import org.jspecify.annotations.NullMarked;
