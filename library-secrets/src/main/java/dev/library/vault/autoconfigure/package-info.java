/**
 * Auto-configuration of the Vault backend ({@code library.vault}).
 */
@NullMarked
package dev.library.vault.autoconfigure;

import org.jspecify.annotations.NullMarked;
