/**
 * Replacement for hap-java's SRP pair-setup handler, whose proofs and keys drop leading
 * zero bytes that controllers keep.
 */
package io.github.hapjava.server.impl.pairing;
