/**
 * Auto-configuration of the secrets component.
 */
@NullMarked
package dev.library.secrets.autoconfigure;

import org.jspecify.annotations.NullMarked;
