/**
 * Auto-configuration of the adapters component.
 */
@NullMarked
package dev.library.adapters.autoconfigure;

import org.jspecify.annotations.NullMarked;
