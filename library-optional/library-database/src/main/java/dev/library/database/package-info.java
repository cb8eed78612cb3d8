/**
 * PostgreSQL persistence of the state store through R2DBC, the outage buffer, tables
 * declared in configuration and the routes of state changes into them.
 */
@NullMarked
package dev.library.database;

import org.jspecify.annotations.NullMarked;
