package dev.library.security;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates bearer credentials: values starting with {@code lib_} as API tokens
 * (stored or declared in configuration), anything else as a JWT when a JWT issuer is
 * configured. Every refusal is a {@link BearerCredentialsException} whose message names
 * no internals.
 *
 * @author Library
 */
public class BearerTokenAuthenticator implements ReactiveAuthenticationManager {

	private final ApiTokenStore store;

	private final List<ApiToken> declaredTokens;

	private final @Nullable ReactiveAuthenticationManager jwtAuthentication;

	/**
	 * Create a manager.
	 * @param store the stored API tokens
	 * @param declaredTokens tokens declared in configuration, such as the bootstrap admin
	 * token
	 * @param jwtAuthentication authenticates JWTs, or {@code null} when no issuer is
	 * configured
	 */
	public BearerTokenAuthenticator(ApiTokenStore store, DeclaredApiTokens declaredTokens,
			@Nullable ReactiveAuthenticationManager jwtAuthentication) {
		this.store = store;
		this.declaredTokens = declaredTokens.tokens();
		this.jwtAuthentication = jwtAuthentication;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
			return Mono.empty();
		}
		String credential = bearer.getToken();
		if (ApiTokenValues.isApiToken(credential)) {
			return Mono.fromCallable(() -> authenticateApiToken(credential));
		}
		if (this.jwtAuthentication == null) {
			return Mono.error(invalid("Only API tokens (lib_...) are accepted: no JWT issuer is configured"));
		}
		return this.jwtAuthentication.authenticate(bearer)
			.onErrorMap((ex) -> !(ex instanceof BearerCredentialsException),
					(ex) -> invalid("The bearer JWT is not valid: it is malformed, expired, not yet valid, "
							+ "from another issuer or its signature does not verify"));
	}

	private Authentication authenticateApiToken(String value) {
		if (!ApiTokenValues.isWellFormed(value)) {
			throw new BearerCredentialsException(BearerCredentialsException.Reason.INVALID_REQUEST,
					"The API token is malformed");
		}
		String hash = ApiTokenValues.hash(value);
		ApiToken token = findDeclared(hash).or(() -> this.store.findByHash(hash))
			.orElseThrow(() -> invalid("The API token is unknown or revoked"));
		return new ApiTokenAuthentication(token.name(), token.roles());
	}

	private Optional<ApiToken> findDeclared(String hash) {
		@Nullable ApiToken found = null;
		for (ApiToken declared : this.declaredTokens) {
			if (ApiTokenValues.hashesEqual(declared.hash(), hash)) {
				found = declared;
			}
		}
		return Optional.ofNullable(found);
	}

	private static AuthenticationException invalid(String message) {
		return new BearerCredentialsException(BearerCredentialsException.Reason.INVALID_TOKEN, message);
	}

}
