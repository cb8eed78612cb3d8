/**
 * HashiCorp Vault as a secret backend through Spring Vault: KV v2 secrets, the session
 * token's life cycle, dynamic database credentials with leases, and what is served when
 * Vault cannot be reached.
 */
@NullMarked
package dev.library.vault;

import org.jspecify.annotations.NullMarked;
