package dev.library.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified JWT into a principal: its name from a configured claim ({@code sub} by
 * default), its roles from another ({@code roles} by default) holding role names as a
 * list or as one space-separated string. Names that are not roles are ignored.
 *
 * @author Library
 */
public class JwtRolesConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

	private final String rolesClaim;

	private final String principalClaim;

	public JwtRolesConverter(String rolesClaim, String principalClaim) {
		this.rolesClaim = rolesClaim;
		this.principalClaim = principalClaim;
	}

	@Override
	public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
		String name = jwt.getClaimAsString(this.principalClaim);
		if (name == null || name.isBlank()) {
			return Mono.error(new BearerCredentialsException(BearerCredentialsException.Reason.INVALID_TOKEN,
					"The bearer JWT has no '" + this.principalClaim + "' claim to name its principal"));
		}
		return Mono.just(new JwtAuthenticationToken(jwt, Role.authorities(roles(jwt)), name));
	}

	Set<Role> roles(Jwt jwt) {
		Object claim = jwt.getClaims().get(this.rolesClaim);
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (claim instanceof Collection<?> names) {
			names.forEach((name) -> Role.fromExternalName(String.valueOf(name)).ifPresent(roles::add));
		}
		else if (claim instanceof String names) {
			for (String name : names.split("[\\s,]+")) {
				Role.fromExternalName(name).ifPresent(roles::add);
			}
		}
		return roles;
	}

}
