/**
 * Replacements for hap-java's ChaCha20-Poly1305 classes, which do not work with current
 * Bouncy Castle.
 */
package io.github.hapjava.server.impl.crypto;
