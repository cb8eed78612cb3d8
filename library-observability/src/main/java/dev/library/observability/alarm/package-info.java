/**
 * Alarms on live state: definitions, the ISA-18.2 life cycle engine, its evaluation
 * against the state store, persistence, routes, metrics and health.
 */
@NullMarked
package dev.library.observability.alarm;

import org.jspecify.annotations.NullMarked;
