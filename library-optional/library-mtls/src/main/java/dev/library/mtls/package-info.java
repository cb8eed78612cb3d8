/**
 * Mutual TLS: the server's certificates from an SSL bundle reloaded on rotation, client
 * certificate authentication, run-time enforcement and the development CA.
 */
@NullMarked
package dev.library.mtls;

import org.jspecify.annotations.NullMarked;
