package dev.library.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A principal signed in with an API token: named after the token, holding its roles.
 *
 * @author Library
 */
public class ApiTokenAuthentication extends AbstractAuthenticationToken {

	private final String tokenName;

	private final Set<Role> roles;

	public ApiTokenAuthentication(String tokenName, Set<Role> roles) {
		super(Role.authorities(roles));
		this.tokenName = tokenName;
		this.roles = Set.copyOf(roles);
		setAuthenticated(true);
	}

	/**
	 * Return the roles of the token, before included roles are expanded.
	 * @return the roles
	 */
	public Set<Role> getRoles() {
		return this.roles;
	}

	@Override
	public String getName() {
		return "token:" + this.tokenName;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return getName();
	}

}
