/**
 * Auto-configuration of the core: component lifecycle, HTTP API infrastructure.
 */
@NullMarked
package dev.library.core.autoconfigure;

import org.jspecify.annotations.NullMarked;
