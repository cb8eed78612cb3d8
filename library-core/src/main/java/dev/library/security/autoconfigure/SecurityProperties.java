package dev.library.security.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication and role-based access settings.
 *
 * @author Library
 */
@ConfigurationProperties("library.security")
@Validated
public class SecurityProperties {

	/**
	 * Paths anybody may read (GET and HEAD) without signing in, as path patterns. Every
	 * other route needs a principal.
	 */
	@NotNull
	private List<String> anonymousPaths = new ArrayList<>(List.of("/health/livez", "/health/readyz", "/metrics"));

	/**
	 * Directory of the API token hashes, the generated admin token and the audit log.
	 * Defaults to "security" under library.state.data-dir.
	 */
	private @Nullable Path dataDir;

	/**
	 * Admin API token declared in configuration, for example from a Kubernetes secret
	 * through LIBRARY_SECURITY_BOOTSTRAPTOKEN. Starts with "lib_" and has at least 36
	 * characters; only its hash is kept in memory.
	 */
	private @Nullable String bootstrapToken;

	/**
	 * File holding an admin API token, for example a mounted Kubernetes secret; read at
	 * start-up, surrounding white space ignored.
	 */
	private @Nullable Path bootstrapTokenFile;

	/**
	 * Whether to generate an admin API token into "admin-token" in the data directory at
	 * start-up when no API token is stored, none is declared and no JWT issuer is
	 * configured.
	 */
	private boolean generateAdminToken = true;

	/**
	 * Longest Authorization header accepted; longer ones get 401.
	 */
	@NotNull
	private DataSize maxAuthorizationHeaderSize = DataSize.ofKilobytes(4);

	@Valid
	private final Jwt jwt = new Jwt();

	@Valid
	private final Audit audit = new Audit();

	@Valid
	private final RateLimit rateLimit = new RateLimit();

	public List<String> getAnonymousPaths() {
		return this.anonymousPaths;
	}

	public void setAnonymousPaths(List<String> anonymousPaths) {
		this.anonymousPaths = anonymousPaths;
	}

	public @Nullable Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(@Nullable Path dataDir) {
		this.dataDir = dataDir;
	}

	public @Nullable String getBootstrapToken() {
		return this.bootstrapToken;
	}

	public void setBootstrapToken(@Nullable String bootstrapToken) {
		this.bootstrapToken = bootstrapToken;
	}

	public @Nullable Path getBootstrapTokenFile() {
		return this.bootstrapTokenFile;
	}

	public void setBootstrapTokenFile(@Nullable Path bootstrapTokenFile) {
		this.bootstrapTokenFile = bootstrapTokenFile;
	}

	public boolean isGenerateAdminToken() {
		return this.generateAdminToken;
	}

	public void setGenerateAdminToken(boolean generateAdminToken) {
		this.generateAdminToken = generateAdminToken;
	}

	public DataSize getMaxAuthorizationHeaderSize() {
		return this.maxAuthorizationHeaderSize;
	}

	public void setMaxAuthorizationHeaderSize(DataSize maxAuthorizationHeaderSize) {
		this.maxAuthorizationHeaderSize = maxAuthorizationHeaderSize;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public Audit getAudit() {
		return this.audit;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * Bearer JWT settings.
	 */
	public static class Jwt {

		/**
		 * Issuer of accepted JWTs; its OpenID configuration gives the JWK set, and the
		 * "iss" claim must equal it.
		 */
		private @Nullable URI issuerUri;

		/**
		 * JWK set that signs accepted JWTs; takes precedence over the issuer's discovered
		 * one.
		 */
		private @Nullable URI jwkSetUri;

		/**
		 * Audiences of which a JWT's "aud" claim must hold one; empty accepts any.
		 */
		@NotNull
		private List<String> audiences = new ArrayList<>();

		/**
		 * Claim holding the role names (viewer, operator, admin, secrets-reader), as a
		 * list or a space-separated string.
		 */
		@NotBlank
		private String rolesClaim = "roles";

		/**
		 * Claim naming the principal.
		 */
		@NotBlank
		private String principalClaim = "sub";

		public @Nullable URI getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable URI issuerUri) {
			this.issuerUri = issuerUri;
		}

		public @Nullable URI getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable URI jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

		public String getRolesClaim() {
			return this.rolesClaim;
		}

		public void setRolesClaim(String rolesClaim) {
			this.rolesClaim = rolesClaim;
		}

		public String getPrincipalClaim() {
			return this.principalClaim;
		}

		public void setPrincipalClaim(String principalClaim) {
			this.principalClaim = principalClaim;
		}

		boolean isConfigured() {
			return this.issuerUri != null || this.jwkSetUri != null;
		}

	}

	/**
	 * Security audit log settings.
	 */
	public static class Audit {

		/**
		 * How many audit entries GET /security/audit keeps in memory.
		 */
		@Min(1)
		@Max(100_000)
		private int capacity = 1000;

		/**
		 * Whether audit entries are also appended to "audit.log" in the data directory.
		 */
		private boolean file = true;

		/**
		 * Size after which the audit file is rotated to "audit.log.1".
		 */
		@NotNull
		private DataSize maxFileSize = DataSize.ofMegabytes(10);

		/**
		 * Shortest time between two recorded successful authentications of one principal.
		 */
		@NotNull
		private Duration successInterval = Duration.ofMinutes(5);

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public boolean isFile() {
			return this.file;
		}

		public void setFile(boolean file) {
			this.file = file;
		}

		public DataSize getMaxFileSize() {
			return this.maxFileSize;
		}

		public void setMaxFileSize(DataSize maxFileSize) {
			this.maxFileSize = maxFileSize;
		}

		public Duration getSuccessInterval() {
			return this.successInterval;
		}

		public void setSuccessInterval(Duration successInterval) {
			this.successInterval = successInterval;
		}

	}

	/**
	 * Rate limiting of changing requests (POST, PUT, PATCH, DELETE) per principal.
	 */
	public static class RateLimit {

		/**
		 * Whether each principal's changing requests are rate limited; the excess gets
		 * 429 with Retry-After.
		 */
		private boolean enabled = true;

		/**
		 * Changing requests a principal may make per second on average.
		 */
		@Positive
		private double requestsPerSecond = 50;

		/**
		 * Changing requests a principal may make at once before the average applies.
		 */
		@Min(1)
		private int burst = 100;

		/**
		 * How many principals are tracked at most; idle ones are forgotten first.
		 */
		@Min(1)
		private int maxPrincipals = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getRequestsPerSecond() {
			return this.requestsPerSecond;
		}

		public void setRequestsPerSecond(double requestsPerSecond) {
			this.requestsPerSecond = requestsPerSecond;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = burst;
		}

		public int getMaxPrincipals() {
			return this.maxPrincipals;
		}

		public void setMaxPrincipals(int maxPrincipals) {
			this.maxPrincipals = maxPrincipals;
		}

	}

}
