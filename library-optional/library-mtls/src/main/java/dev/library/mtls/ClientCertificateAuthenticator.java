package dev.library.mtls;

import java.security.cert.X509Certificate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * Names the principal of a verified client certificate, from its subject's common name or
 * its first subject alternative name, and gives it the roles mapped to that name.
 *
 * @author Library
 */
public class ClientCertificateAuthenticator implements ReactiveAuthenticationManager {

	private final PrincipalSource principalFrom;

	private final CertificateRoleMapping roles;

	public ClientCertificateAuthenticator(PrincipalSource principalFrom, CertificateRoleMapping roles) {
		this.principalFrom = principalFrom;
		this.roles = roles;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ClientCertificateAuthentication presented)) {
			return Mono.empty();
		}
		X509Certificate certificate = presented.getCertificate();
		String name = principalName(certificate);
		if (name == null || name.isBlank()) {
			return Mono.error(new BadCredentialsException("The client certificate names no principal"));
		}
		return Mono.just(ClientCertificateAuthentication.authenticated(name, certificate, this.roles.rolesOf(name)));
	}

	private @Nullable String principalName(X509Certificate certificate) {
		return switch (this.principalFrom) {
			case SUBJECT_CN -> CertificateNames.commonName(certificate);
			case SUBJECT_ALTERNATIVE_NAME -> CertificateNames.firstAlternativeName(certificate);
		};
	}

}
