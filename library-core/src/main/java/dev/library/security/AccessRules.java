package dev.library.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every component's {@link RouteAccess} rules, deciding each request: the first rule
 * whose method and pattern match says which role is needed; a request no rule matches
 * needs any authenticated principal. The configured anonymous paths are tried first, then
 * the components' rules, most specific pattern first.
 *
 * @author Library
 */
public final class AccessRules implements ReactiveAuthorizationManager<AuthorizationContext> {

	/**
	 * Exchange attribute holding the {@link RouteAccess.Rule} that decided the request,
	 * absent when none matched.
	 */
	public static final String RULE_ATTRIBUTE = AccessRules.class.getName() + ".rule";

	private static final Comparator<RouteAccess.Rule> MOST_SPECIFIC_FIRST = Comparator
		.comparing(RouteAccess.Rule::pattern, PathPattern.SPECIFICITY_COMPARATOR)
		.thenComparing((rule) -> rule.method() == null);

	private final List<RouteAccess.Rule> rules;

	/**
	 * Create the rules from the declarations of every component.
	 * @param anonymous rules tried before every other, such as the configured anonymous
	 * paths
	 * @param declarations the declarations of every component
	 */
	public AccessRules(RouteAccess anonymous, List<RouteAccess> declarations) {
		List<RouteAccess.Rule> declared = new ArrayList<>();
		declarations.forEach((declaration) -> declared.addAll(declaration.rules()));
		declared.sort(MOST_SPECIFIC_FIRST);
		List<RouteAccess.Rule> all = new ArrayList<>(anonymous.rules());
		all.addAll(declared);
		this.rules = List.copyOf(all);
	}

	/**
	 * Return every rule in the order they are tried.
	 * @return the rules
	 */
	public List<RouteAccess.Rule> rules() {
		return this.rules;
	}

	/**
	 * Return the rule that decides a request.
	 * @param method the request method
	 * @param path the request path within the application
	 * @return the first matching rule, or {@code null} when the request only needs an
	 * authenticated principal
	 */
	public RouteAccess.@Nullable Rule match(HttpMethod method, PathContainer path) {
		for (RouteAccess.Rule rule : this.rules) {
			if ((rule.method() == null || rule.method().equals(method)) && rule.pattern().matches(path)) {
				return rule;
			}
		}
		return null;
	}

	/**
	 * Whether the request may go without any credentials.
	 * @param exchange the exchange
	 * @return whether a rule declares it anonymous
	 */
	public boolean isAnonymous(ServerWebExchange exchange) {
		RouteAccess.Rule rule = match(exchange);
		return rule != null && rule.isAnonymous();
	}

	private RouteAccess.@Nullable Rule match(ServerWebExchange exchange) {
		RouteAccess.Rule rule = match(exchange.getRequest().getMethod(),
				exchange.getRequest().getPath().pathWithinApplication());
		if (rule != null) {
			exchange.getAttributes().put(RULE_ATTRIBUTE, rule);
		}
		return rule;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		RouteAccess.Rule rule = match(context.getExchange());
		if (rule != null && rule.isAnonymous()) {
			return Mono.just(new AuthorizationDecision(true));
		}
		String needed = (rule != null) ? rule.role().authority().getAuthority() : null;
		return authentication.filter(Authentication::isAuthenticated)
			.map((principal) -> new AuthorizationDecision(needed == null || holds(principal, needed)))
			.cast(AuthorizationResult.class)
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	private static boolean holds(Authentication principal, String authority) {
		for (GrantedAuthority granted : principal.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
