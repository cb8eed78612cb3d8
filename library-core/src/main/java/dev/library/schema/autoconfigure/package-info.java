/**
 * Auto-configuration of the JSON Schema registry and its {@code /schemas} routes.
 */
@NullMarked
package dev.library.schema.autoconfigure;

import org.jspecify.annotations.NullMarked;
