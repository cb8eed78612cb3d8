package dev.library.mtls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CertificateRoleMapping}.
 *
 * @author Library
 */
class CertificateRoleMappingTests {

	private final CertificateRoleMapping mapping = new CertificateRoleMapping(roles());

	private static Map<String, List<Role>> roles() {
		Map<String, List<Role>> roles = new LinkedHashMap<>();
		roles.put("plc-gateway", List.of(Role.OPERATOR));
		roles.put("*.ops.plant.local", List.of(Role.VIEWER));
		roles.put("vault-*", List.of(Role.SECRETS_READER));
		return roles;
	}

	@Test
	void exactNameGetsItsRoles() {
		assertThat(this.mapping.rolesOf("plc-gateway")).containsExactly(Role.OPERATOR);
	}

	@Test
	void patternMatchesAnyCharactersWhereTheStarIs() {
		assertThat(this.mapping.rolesOf("hmi-1.ops.plant.local")).containsExactly(Role.VIEWER);
		assertThat(this.mapping.rolesOf("vault-agent")).containsExactly(Role.SECRETS_READER);
	}

	@Test
	void dotsAndOtherCharactersOfAPatternAreLiteral() {
		assertThat(this.mapping.rolesOf("hmi-1Xops.plant.local")).isEmpty();
		assertThat(this.mapping.rolesOf("plc-gatewayX")).isEmpty();
	}

	@Test
	void unmappedNameHoldsNoRole() {
		assertThat(this.mapping.rolesOf("stranger")).isEmpty();
	}

	@Test
	void everyMatchingEntryAddsItsRoles() {
		CertificateRoleMapping overlapping = new CertificateRoleMapping(
				Map.of("a*", List.of(Role.VIEWER), "*z", List.of(Role.SECRETS_READER)));
		assertThat(overlapping.rolesOf("a-to-z")).containsExactlyInAnyOrder(Role.VIEWER, Role.SECRETS_READER);
	}

}
