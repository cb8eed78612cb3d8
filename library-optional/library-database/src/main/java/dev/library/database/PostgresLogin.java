package dev.library.database;

import org.jspecify.annotations.Nullable;

/**
 * A user and password to log in to PostgreSQL with. {@link #toString()} never shows the
 * password.
 *
 * @param username the user, or {@code null} to take it from the URL
 * @param password the password, or {@code null} to take it from the URL
 * @author Library
 */
public record PostgresLogin(@Nullable String username, @Nullable String password) {

	@Override
	public String toString() {
		return "PostgresLogin[username=" + this.username + ", password=redacted]";
	}

}
