/**
 * DBC databases: the parser, the model of messages and signals, and their codec.
 */
@NullMarked
package dev.library.canbus.dbc;

import org.jspecify.annotations.NullMarked;
