package dev.library.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles a principal may hold. {@link #ADMIN} includes {@link #OPERATOR}, which
 * includes {@link #VIEWER}; {@link #SECRETS_READER} stands apart, so that reading secret
 * values is always granted on purpose.
 *
 * @author Library
 */
public enum Role {

	/**
	 * Reads: state, events, components, schemas, sessions, health details and the API
	 * description.
	 */
	VIEWER,

	/**
	 * Operates the plant: state writes, commands, alarm acknowledge and shelve.
	 */
	OPERATOR,

	/**
	 * Administers the platform: configuration, sessions, adapters, tokens, mTLS.
	 */
	ADMIN,

	/**
	 * Reads secret values.
	 */
	SECRETS_READER;

	private static final String AUTHORITY_PREFIX = "ROLE_";

	/**
	 * Return the name of this role as written in configuration, tokens and JWT claims,
	 * such as {@code secrets-reader}.
	 * @return the external name
	 */
	public String externalName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Return the authority that a principal holding this role is granted.
	 * @return the authority, such as {@code ROLE_VIEWER}
	 */
	public GrantedAuthority authority() {
		return new SimpleGrantedAuthority(AUTHORITY_PREFIX + name());
	}

	/**
	 * Return this role and every role it includes.
	 * @return the roles granted by holding this one
	 */
	public Set<Role> included() {
		return switch (this) {
			case ADMIN -> EnumSet.of(ADMIN, OPERATOR, VIEWER);
			case OPERATOR -> EnumSet.of(OPERATOR, VIEWER);
			case VIEWER -> EnumSet.of(VIEWER);
			case SECRETS_READER -> EnumSet.of(SECRETS_READER);
		};
	}

	/**
	 * Return the authorities granted by holding the given roles, included roles expanded.
	 * @param roles the roles held
	 * @return the authorities
	 */
	public static Set<GrantedAuthority> authorities(Set<Role> roles) {
		Set<Role> granted = EnumSet.noneOf(Role.class);
		roles.forEach((role) -> granted.addAll(role.included()));
		return Set.copyOf(granted.stream().map(Role::authority).toList());
	}

	/**
	 * Return the role with the given external name.
	 * @param name a name such as {@code operator} or {@code secrets-reader}, in any case
	 * @return the role, or empty when no role has this name
	 */
	public static Optional<Role> fromExternalName(String name) {
		String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (Role role : values()) {
			if (role.name().equals(normalized)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
