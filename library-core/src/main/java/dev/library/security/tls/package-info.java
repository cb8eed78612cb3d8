/**
 * Outbound TLS for the platform's own clients, from Spring Boot SSL bundles.
 */
@NullMarked
package dev.library.security.tls;

import org.jspecify.annotations.NullMarked;
