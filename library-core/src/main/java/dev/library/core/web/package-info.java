/**
 * HTTP infrastructure shared by every route: RFC 9457 problems, request limits, typed
 * parameters and method fallbacks.
 */
@NullMarked
package dev.library.core.web;

import org.jspecify.annotations.NullMarked;
