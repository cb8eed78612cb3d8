/**
 * Auto-configuration of the mtls component.
 */
@NullMarked
package dev.library.mtls.autoconfigure;

import org.jspecify.annotations.NullMarked;
