/**
 * Auto-configuration of the database component.
 */
@NullMarked
package dev.library.database.autoconfigure;

import org.jspecify.annotations.NullMarked;
