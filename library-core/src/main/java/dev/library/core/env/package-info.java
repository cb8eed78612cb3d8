/**
 * Environment set-up: the platform's default properties.
 */
@NullMarked
package dev.library.core.env;

import org.jspecify.annotations.NullMarked;
