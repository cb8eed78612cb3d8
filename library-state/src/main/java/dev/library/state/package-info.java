/**
 * The state store: live values under dotted keys with versions, their event log, and
 * watchers that follow changes, persisted in an embedded database file by default.
 */
@NullMarked
package dev.library.state;

import org.jspecify.annotations.NullMarked;
