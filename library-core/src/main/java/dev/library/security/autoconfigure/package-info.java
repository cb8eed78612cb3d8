/**
 * Auto-configuration of authentication and role-based access.
 */
@NullMarked
package dev.library.security.autoconfigure;

import org.jspecify.annotations.NullMarked;
