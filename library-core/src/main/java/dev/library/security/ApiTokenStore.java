package dev.library.security;

import java.util.List;
import java.util.Optional;

/**
 * Where API tokens are kept, by the hash of their value. Reads are served from memory and
 * never block; {@link #create} and {@link #revoke} may write to disk or to a secrets
 * backend and must be called off event-loop threads.
 *
 * @author Library
 */
public interface ApiTokenStore {

	/**
	 * Return every token, ordered by name.
	 * @return the tokens
	 */
	List<ApiToken> list();

	/**
	 * Return the token whose value has the given hash.
	 * @param hash the SHA-256 hash of the presented value
	 * @return the token, or empty when no token has this hash
	 */
	Optional<ApiToken> findByHash(String hash);

	/**
	 * Store a new token. Blocking.
	 * @param token the token
	 * @throws ApiTokenExistsException when a token has the same name
	 */
	void create(ApiToken token);

	/**
	 * Revoke a token: from now on its value is refused. Blocking.
	 * @param name the token name
	 * @return whether a token had this name
	 */
	boolean revoke(String name);

}
