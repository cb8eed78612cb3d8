/**
 * Authentication (API tokens, JWT bearer tokens) and role-based access to every route.
 */
@NullMarked
package dev.library.security;

import org.jspecify.annotations.NullMarked;
