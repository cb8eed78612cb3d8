package dev.library.database;

import java.time.Duration;

import dev.library.secrets.SecretRotatedEvent;
import dev.library.secrets.SecretStore;
import dev.library.secrets.SecretValue;
import dev.library.vault.DatabaseCredentials;
import dev.library.vault.VaultDatabaseCredentials;
import org.jspecify.annotations.Nullable;

/**
 * Where the database login comes from when it is not fixed in configuration, and which
 * {@link SecretRotatedEvent} says it changed.
 *
 * @author Library
 */
public interface DatabaseLoginSource {

	/**
	 * Read the current login. May block (a file or a Vault request).
	 * @return the login
	 */
	PostgresLogin current();

	/**
	 * Whether an event says this login changed.
	 * @param event a rotation event
	 * @return whether it concerns this login
	 */
	boolean concerns(SecretRotatedEvent event);

	/**
	 * Describe the source for logs, without any credential.
	 * @return the description
	 */
	String describe();

	/**
	 * The user and password of Vault dynamic database credentials
	 * ({@code library.vault.database-credentials.<name>}); a new lease is a new login.
	 * @param credentials the leased credentials
	 * @param name the name they are configured under
	 * @param timeout the longest wait for Vault to issue them
	 * @return the source
	 */
	static DatabaseLoginSource vault(VaultDatabaseCredentials credentials, String name, Duration timeout) {
		return new DatabaseLoginSource() {

			@Override
			public PostgresLogin current() {
				DatabaseCredentials issued = credentials.current(name)
					.orElseGet(() -> credentials.await(name, timeout));
				SecretValue password = issued.password();
				try {
					return new PostgresLogin(issued.username(), new String(password.chars()));
				}
				finally {
					password.wipe();
				}
			}

			@Override
			public boolean concerns(SecretRotatedEvent event) {
				return VaultDatabaseCredentials.BACKEND.equals(event.backend()) && name.equals(event.name());
			}

			@Override
			public String describe() {
				return "Vault database credentials '" + name + "'";
			}

		};
	}

	/**
	 * A fixed user and the password held as a secret in the platform's secret store; a
	 * new version of the secret is a new login.
	 * @param store the secret store
	 * @param secret the name of the secret
	 * @param username the user, or {@code null} to take it from the URL
	 * @return the source
	 */
	static DatabaseLoginSource secret(SecretStore store, String secret, @Nullable String username) {
		return new DatabaseLoginSource() {

			@Override
			public PostgresLogin current() {
				SecretValue password = store.read(secret);
				try {
					return new PostgresLogin(username, new String(password.chars()));
				}
				finally {
					password.wipe();
				}
			}

			@Override
			public boolean concerns(SecretRotatedEvent event) {
				return !VaultDatabaseCredentials.BACKEND.equals(event.backend()) && secret.equals(event.name());
			}

			@Override
			public String describe() {
				return "secret '" + secret + "'";
			}

		};
	}

}
