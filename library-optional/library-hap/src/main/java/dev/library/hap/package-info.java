/**
 * HomeKit bridge: accessories over device points, state keys and alarms, served by
 * hap-java.
 */
@NullMarked
package dev.library.hap;

import org.jspecify.annotations.NullMarked;
