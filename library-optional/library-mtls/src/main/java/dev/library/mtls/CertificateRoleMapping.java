package dev.library.mtls;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.library.security.Role;

/**
 * Roles of client certificate principals by name or pattern, as configured by
 * {@code library.mtls.roles}: {@code *} matches any characters; a principal holds the
 * roles of every entry that matches its name, and no role when none does.
 *
 * @author Library
 */
public final class CertificateRoleMapping {

	private final List<Entry> entries;

	/**
	 * Create a mapping.
	 * @param roles the roles by principal name or pattern
	 */
	public CertificateRoleMapping(Map<String, List<Role>> roles) {
		List<Entry> entries = new ArrayList<>();
		roles.forEach((pattern, granted) -> entries.add(new Entry(compile(pattern), Set.copyOf(granted))));
		this.entries = List.copyOf(entries);
	}

	/**
	 * Return the roles of a principal.
	 * @param name the name read from its certificate
	 * @return the roles, empty when no entry matches
	 */
	public Set<Role> rolesOf(String name) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Entry entry : this.entries) {
			if (entry.pattern().matcher(name).matches()) {
				roles.addAll(entry.roles());
			}
		}
		return roles;
	}

	private static Pattern compile(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	private record Entry(Pattern pattern, Set<Role> roles) {

	}

}
