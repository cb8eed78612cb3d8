/**
 * Commands to outputs: validated, interlocked, serialized, confirmed by read-back and
 * audited.
 */
@NullMarked
package dev.library.adapters.command;

import org.jspecify.annotations.NullMarked;
