/**
 * Auto-configuration of the session registry and the resource pools.
 */
@NullMarked
package dev.library.session.autoconfigure;

import org.jspecify.annotations.NullMarked;
