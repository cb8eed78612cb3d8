package dev.library.security;

import java.util.List;

/**
 * API tokens declared in configuration rather than stored, such as the bootstrap admin
 * token of a Kubernetes deployment. They cannot be revoked through the API.
 *
 * @param tokens the tokens, by hash only
 * @author Library
 */
public record DeclaredApiTokens(List<ApiToken> tokens) {

	public DeclaredApiTokens {
		tokens = List.copyOf(tokens);
	}

	/**
	 * Whether no token is declared.
	 * @return whether the list is empty
	 */
	public boolean isEmpty() {
		return this.tokens.isEmpty();
	}

}
