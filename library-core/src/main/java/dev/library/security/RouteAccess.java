package dev.library.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The role every route of one component needs, declared in one place: each component's
 * auto-configuration contributes one {@code RouteAccess} bean beside its routes, and the
 * security filter chain collects them all. A request that matches no rule of any
 * component needs an authenticated principal, whatever its roles, so that an unknown path
 * is a 404 and a wrong method a 405 for any caller who signed in.
 *
 * <pre class="code">
 * &#64;Bean
 * RouteAccess stateRouteAccess() {
 *     return RouteAccess.of("state")
 *         .read("/state", "/state/**", "/events")
 *         .allow(HttpMethod.PUT, Role.OPERATOR, "/state/**")
 *         .build();
 * }
 * </pre>
 *
 * @param component the name of the component that owns the routes
 * @param rules the rules, in declaration order
 * @author Library
 */
public record RouteAccess(String component, List<Rule> rules) {

	private static final PathPatternParser parser = PathPatternParser.defaultInstance;

	public RouteAccess {
		rules = List.copyOf(rules);
	}

	/**
	 * Start declaring the rules of a component.
	 * @param component the component name
	 * @return a builder
	 */
	public static Builder of(String component) {
		return new Builder(component);
	}

	/**
	 * One rule: requests with this method (or any method) whose path matches this pattern
	 * need this role, or nobody at all when the role is {@code null}.
	 *
	 * @param method the method, or {@code null} for any
	 * @param pattern the path pattern, in {@link PathPattern} syntax
	 * @param role the role needed, or {@code null} for anonymous access
	 * @param component the component that declared it
	 */
	public record Rule(@Nullable HttpMethod method, PathPattern pattern, @Nullable Role role, String component) {

		/**
		 * Whether anybody, signed in or not, may call the route.
		 * @return whether the route is public
		 */
		public boolean isAnonymous() {
			return this.role == null;
		}

		@Override
		public String toString() {
			return ((this.method != null) ? this.method.name() : "*") + " " + this.pattern.getPatternString() + " → "
					+ ((this.role != null) ? this.role.externalName() : "anonymous");
		}

	}

	/**
	 * Builder of the rules of one component.
	 */
	public static final class Builder {

		private final String component;

		private final List<Rule> rules = new ArrayList<>();

		private Builder(String component) {
			this.component = component;
		}

		/**
		 * Let {@link Role#VIEWER} read ({@code GET} and {@code HEAD}) the given paths.
		 * @param patterns the path patterns
		 * @return this builder
		 */
		public Builder read(String... patterns) {
			return allow(HttpMethod.GET, Role.VIEWER, patterns);
		}

		/**
		 * Let the given role call the given paths with the given method; a {@code GET}
		 * rule covers {@code HEAD} as well.
		 * @param method the method
		 * @param role the role needed
		 * @param patterns the path patterns
		 * @return this builder
		 */
		public Builder allow(HttpMethod method, Role role, String... patterns) {
			add(method, role, patterns);
			if (HttpMethod.GET.equals(method)) {
				add(HttpMethod.HEAD, role, patterns);
			}
			return this;
		}

		/**
		 * Let the given role call the given paths with any method.
		 * @param role the role needed
		 * @param patterns the path patterns
		 * @return this builder
		 */
		public Builder allowAnyMethod(Role role, String... patterns) {
			add(null, role, patterns);
			return this;
		}

		/**
		 * Let anybody, signed in or not, call the given paths with the given methods. Use
		 * sparingly: the security guide lists every public route.
		 * @param methods the methods
		 * @param patterns the path patterns
		 * @return this builder
		 */
		public Builder anonymous(Set<HttpMethod> methods, String... patterns) {
			methods.forEach((method) -> add(method, null, patterns));
			return this;
		}

		private void add(@Nullable HttpMethod method, @Nullable Role role, String... patterns) {
			for (String pattern : patterns) {
				Rule rule = new Rule(method, parser.parse(pattern), role, this.component);
				if (!this.rules.contains(rule)) {
					this.rules.add(rule);
				}
			}
		}

		/**
		 * Build the rules.
		 * @return the rules of the component
		 */
		public RouteAccess build() {
			return new RouteAccess(this.component, this.rules);
		}

	}

}
