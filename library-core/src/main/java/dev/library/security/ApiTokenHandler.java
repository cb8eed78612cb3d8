package dev.library.security;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.JsonRequestBody;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /security/tokens}, {@code POST /security/tokens} and {@code DELETE
 * /security/tokens/{name}}: lists API tokens (never their hashes), creates one and shows
 * its value once, revokes one.
 *
 * @author Library
 */
public class ApiTokenHandler {

	private final ApiTokenStore store;

	private final List<ApiToken> declaredTokens;

	private final SecurityAuditLog audit;

	private final Clock clock;

	public ApiTokenHandler(ApiTokenStore store, DeclaredApiTokens declaredTokens, SecurityAuditLog audit, Clock clock) {
		this.store = store;
		this.declaredTokens = declaredTokens.tokens();
		this.audit = audit;
		this.clock = clock;
	}

	public Mono<ServerResponse> list(ServerRequest request) {
		List<TokenView> tokens = new ArrayList<>();
		this.declaredTokens.forEach((token) -> tokens.add(TokenView.of(token, "configuration")));
		this.store.list().forEach((token) -> tokens.add(TokenView.of(token, "store")));
		return ServerResponse.ok().bodyValue(new TokensView(tokens));
	}

	public Mono<ServerResponse> create(ServerRequest request) {
		return JsonRequestBody.read(request, "{\"name\": \"...\", \"roles\": [\"viewer\"]}")
			.map(this::newToken)
			.zipWith(request.principal().map((principal) -> principal.getName()).defaultIfEmpty("unknown"))
			.publishOn(Schedulers.boundedElastic())
			.map((created) -> {
				this.store.create(created.getT1().token());
				this.audit.record(SecurityAuditLog.Kind.TOKEN_CREATED, created.getT2(),
						"API token '" + created.getT1().token().name() + "' created with roles "
								+ TokenView.roleNames(created.getT1().token().roles()));
				return created.getT1();
			})
			.flatMap((created) -> ServerResponse.created(URI.create("/security/tokens/" + created.token().name()))
				.cacheControl(CacheControl.noStore())
				.bodyValue(new CreatedTokenView(created.token().name(), TokenView.roleNames(created.token().roles()),
						created.token().created(), created.value())));
	}

	public Mono<ServerResponse> revoke(ServerRequest request) {
		String name = request.pathVariable("name");
		if (this.declaredTokens.stream().anyMatch((token) -> token.name().equals(name))) {
			return Mono.error(new ProblemException(HttpStatus.CONFLICT, ProblemTypes.of("api-token-declared"),
					"API token declared in configuration",
					"API token '" + name + "' is declared in configuration; remove it there"));
		}
		if (!ApiToken.isValidName(name)) {
			return Mono.error(new ApiTokenNotFoundException(name));
		}
		return request.principal()
			.map((principal) -> principal.getName())
			.defaultIfEmpty("unknown")
			.publishOn(Schedulers.boundedElastic())
			.flatMap((principal) -> {
				if (!this.store.revoke(name)) {
					return Mono.error(new ApiTokenNotFoundException(name));
				}
				this.audit.record(SecurityAuditLog.Kind.TOKEN_REVOKED, principal, "API token '" + name + "' revoked");
				return ServerResponse.noContent().build();
			});
	}

	private NewToken newToken(JsonNode body) {
		JsonNode name = body.path("name");
		if (!name.isString() || !ApiToken.isValidName(name.asString())) {
			throw new InvalidParameterException("name",
					"'name' must be 1 to 64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit");
		}
		JsonNode roleNames = body.path("roles");
		if (!roleNames.isArray() || roleNames.isEmpty()) {
			throw new InvalidParameterException("roles",
					"'roles' must be a non-empty array of: viewer, operator, admin, secrets-reader");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (JsonNode roleName : roleNames) {
			roles.add(Role.fromExternalName(roleName.isString() ? roleName.asString() : "")
				.orElseThrow(() -> new InvalidParameterException("roles",
						"'" + roleName + "' is not a role; roles are viewer, operator, admin and secrets-reader")));
		}
		if (this.declaredTokens.stream().anyMatch((token) -> token.name().equals(name.asString()))) {
			throw new ApiTokenExistsException(name.asString());
		}
		String value = ApiTokenValues.generate();
		return new NewToken(new ApiToken(name.asString(), roles, Instant.now(this.clock), ApiTokenValues.hash(value)),
				value);
	}

	private record NewToken(ApiToken token, String value) {

	}

	/**
	 * The API tokens.
	 *
	 * @param tokens every token, those declared in configuration first
	 */
	public record TokensView(List<TokenView> tokens) {

	}

	/**
	 * An API token as listed: never its value nor its hash.
	 *
	 * @param name the name
	 * @param roles the roles
	 * @param created when it was created
	 * @param source {@code store} for tokens created through the API or at first start,
	 * {@code configuration} for a token declared in configuration
	 */
	public record TokenView(String name, List<String> roles, Instant created, String source) {

		static TokenView of(ApiToken token, String source) {
			return new TokenView(token.name(), roleNames(token.roles()), token.created(), source);
		}

		static List<String> roleNames(Set<Role> roles) {
			return roles.stream().sorted().map(Role::externalName).toList();
		}

	}

	/**
	 * A token just created, with its value: shown this once and never again.
	 *
	 * @param name the name
	 * @param roles the roles
	 * @param created when it was created
	 * @param token the value to send as {@code Authorization: Bearer <token>}
	 */
	public record CreatedTokenView(String name, List<String> roles, Instant created, String token) {

	}

}
