package dev.library.mtls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.library.security.Role;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ClientCertificateAuthenticator}.
 *
 * @author Library
 */
class ClientCertificateAuthenticatorTests {

	private static final Instant NOW = Instant.now();

	private final LocalCertificateAuthority ca = LocalCertificateAuthority.create("Test CA",
			NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));

	private final CertificateRoleMapping roles = new CertificateRoleMapping(
			Map.of("plc-gateway", List.of(Role.OPERATOR), "gw.plant.local", List.of(Role.ADMIN)));

	@Test
	void principalIsNamedAfterTheSubjectCommonNameWithItsMappedRolesExpanded() {
		Authentication principal = authenticate(PrincipalSource.SUBJECT_CN,
				this.ca.issueClient("plc-gateway", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1))));
		assertThat(principal.isAuthenticated()).isTrue();
		assertThat(principal.getName()).isEqualTo("cert:plc-gateway");
		assertThat(principal.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
	}

	@Test
	void principalCanBeNamedAfterTheFirstSubjectAlternativeName() {
		Authentication principal = authenticate(PrincipalSource.SUBJECT_ALTERNATIVE_NAME,
				this.ca.issueServer("ignored", List.of("gw.plant.local", "other.plant.local"),
						NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1))));
		assertThat(principal.getName()).isEqualTo("cert:gw.plant.local");
		assertThat(((ClientCertificateAuthentication) principal).getRoles()).containsExactly(Role.ADMIN);
	}

	@Test
	void certificateWithoutTheNamingPartIsRefused() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> authenticate(PrincipalSource.SUBJECT_ALTERNATIVE_NAME,
					this.ca.issueClient("no-sans", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)))));
	}

	private Authentication authenticate(PrincipalSource source, LocalCertificateAuthority.IssuedCertificate issued) {
		return new ClientCertificateAuthenticator(source, this.roles)
			.authenticate(ClientCertificateAuthentication.unauthenticated(issued.certificate()))
			.block();
	}

}
