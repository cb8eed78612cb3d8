package dev.library.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessRules}.
 *
 * @author Library
 */
class AccessRulesTests {

	private final RouteAccess anonymous = RouteAccess.of("security")
		.anonymous(Set.of(HttpMethod.GET, HttpMethod.HEAD), "/metrics", "/health/livez")
		.build();

	private final AccessRules rules = new AccessRules(this.anonymous, List.of(
			RouteAccess.of("state").read("/state/**").allow(HttpMethod.PUT, Role.OPERATOR, "/state/**").build(),
			RouteAccess.of("observability").read("/health", "/health/**", "/metrics").build(),
			RouteAccess.of("sessions").allowAnyMethod(Role.ADMIN, "/sessions/**").read("/sessions/{id}").build()));

	@Test
	void configuredAnonymousPathsWinOverComponentRules() {
		assertThat(role(HttpMethod.GET, "/metrics")).isEqualTo("anonymous");
		assertThat(role(HttpMethod.GET, "/health/livez")).isEqualTo("anonymous");
		assertThat(role(HttpMethod.GET, "/health/other")).isEqualTo("viewer");
		assertThat(role(HttpMethod.POST, "/metrics")).isEqualTo("authenticated");
	}

	@Test
	void methodSelectsTheRuleAndGetCoversHead() {
		assertThat(role(HttpMethod.GET, "/state/plant/pump")).isEqualTo("viewer");
		assertThat(role(HttpMethod.HEAD, "/state/plant/pump")).isEqualTo("viewer");
		assertThat(role(HttpMethod.PUT, "/state/plant/pump")).isEqualTo("operator");
		assertThat(role(HttpMethod.DELETE, "/state/plant/pump")).isEqualTo("authenticated");
	}

	@Test
	void moreSpecificPatternWinsWhateverTheDeclarationOrder() {
		assertThat(role(HttpMethod.GET, "/sessions/abc")).isEqualTo("viewer");
		assertThat(role(HttpMethod.DELETE, "/sessions/abc")).isEqualTo("admin");
		assertThat(role(HttpMethod.GET, "/sessions")).isEqualTo("admin");
	}

	@Test
	void unknownPathNeedsOnlyAnAuthenticatedPrincipal() {
		assertThat(role(HttpMethod.GET, "/no/such/path")).isEqualTo("authenticated");
	}

	private String role(HttpMethod method, String path) {
		RouteAccess.Rule rule = this.rules.match(method, PathContainer.parsePath(path));
		if (rule == null) {
			return "authenticated";
		}
		return rule.isAnonymous() ? "anonymous" : rule.role().externalName();
	}

}
