package dev.library.vault;

import java.time.Instant;

import dev.library.secrets.SecretValue;
import org.jspecify.annotations.Nullable;

/**
 * Database credentials issued by Vault's database secrets engine under a lease.
 * {@link #toString()} never shows the password.
 *
 * @param name the name the credentials are configured under
 * @param username the user name Vault created
 * @param password the password, a copy the caller may wipe
 * @param leaseExpires when the lease ends unless renewed, or {@code null} when unknown
 * @param generation 1 for the first credentials, one more at each rotation
 * @author Library
 */
public record DatabaseCredentials(String name, String username, SecretValue password, @Nullable Instant leaseExpires,
		int generation) {

	@Override
	public String toString() {
		return "DatabaseCredentials[name=" + this.name + ", username=" + this.username + ", password=redacted, "
				+ "generation=" + this.generation + "]";
	}

}
