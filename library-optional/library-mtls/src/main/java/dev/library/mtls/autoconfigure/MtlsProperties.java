package dev.library.mtls.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.mtls.PrincipalSource;
import dev.library.security.Role;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.server.Ssl;
import org.springframework.validation.annotation.Validated;

/**
 * Mutual TLS settings.
 *
 * @author Library
 */
@ConfigurationProperties("library.mtls")
@Validated
public class MtlsProperties {

	/**
	 * Directory holding the server certificate chain "tls.crt", its private key "tls.key"
	 * and the CA certificates "ca.crt" that client certificates must chain to, as
	 * cert-manager writes them. Defaults to "mtls" under library.state.data-dir in
	 * development mode.
	 */
	private @Nullable Path certificateDirectory;

	/**
	 * Whether clients are asked for a certificate (want), must present one (need) or are
	 * not asked (none).
	 */
	@NotNull
	private Ssl.ClientAuth clientAuth = Ssl.ClientAuth.WANT;

	/**
	 * Whether TLS 1.2 is accepted besides TLS 1.3.
	 */
	private boolean allowTls12 = false;

	/**
	 * Whether to create a local CA, a server and a client certificate in the certificate
	 * directory on first start, for trying mTLS without cert-manager. Never in
	 * production.
	 */
	private boolean devCa = false;

	/**
	 * Which part of a client certificate names the principal.
	 */
	@NotNull
	private PrincipalSource principalFrom = PrincipalSource.SUBJECT_CN;

	/**
	 * Roles of client certificate principals, by principal name or pattern ("*" matches
	 * any characters); a principal matched by no entry holds no role.
	 */
	@NotNull
	private Map<String, List<Role>> roles = new LinkedHashMap<>();

	/**
	 * Remaining validity of the server certificate below which GET /mtls/info and the
	 * mtls health report that it expires soon, and the mtls-certificate-expiry alarm is
	 * raised.
	 */
	@NotNull
	private Duration expiryWarning = Duration.ofDays(14);

	/**
	 * How often the days left of the server certificate are published to the state key
	 * library.mtls.server-certificate.days-left (also at start and after each reload),
	 * which the mtls-certificate-expiry alarm watches.
	 */
	@NotNull
	private Duration expiryCheckInterval = Duration.ofHours(1);

	public @Nullable Path getCertificateDirectory() {
		return this.certificateDirectory;
	}

	public void setCertificateDirectory(@Nullable Path certificateDirectory) {
		this.certificateDirectory = certificateDirectory;
	}

	public Ssl.ClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public void setClientAuth(Ssl.ClientAuth clientAuth) {
		this.clientAuth = clientAuth;
	}

	public boolean isAllowTls12() {
		return this.allowTls12;
	}

	public void setAllowTls12(boolean allowTls12) {
		this.allowTls12 = allowTls12;
	}

	public boolean isDevCa() {
		return this.devCa;
	}

	public void setDevCa(boolean devCa) {
		this.devCa = devCa;
	}

	public PrincipalSource getPrincipalFrom() {
		return this.principalFrom;
	}

	public void setPrincipalFrom(PrincipalSource principalFrom) {
		this.principalFrom = principalFrom;
	}

	public Map<String, List<Role>> getRoles() {
		return this.roles;
	}

	public void setRoles(Map<String, List<Role>> roles) {
		this.roles = roles;
	}

	public Duration getExpiryCheckInterval() {
		return this.expiryCheckInterval;
	}

	public void setExpiryCheckInterval(Duration expiryCheckInterval) {
		this.expiryCheckInterval = expiryCheckInterval;
	}

	public Duration getExpiryWarning() {
		return this.expiryWarning;
	}

	public void setExpiryWarning(Duration expiryWarning) {
		this.expiryWarning = expiryWarning;
	}

}
