package dev.library.vault.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.vault.VaultAuthenticationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of HashiCorp Vault as a secret backend.
 *
 * @author Library
 */
@ConfigurationProperties("library.vault")
@Validated
public class VaultProperties {

	/**
	 * Whether secrets are kept in HashiCorp Vault (KV v2). Vault then comes first among
	 * the secret backends: new secrets are written to it.
	 */
	private boolean enabled;

	/**
	 * Address of Vault, such as https://vault.example.com:8200. HTTPS uses
	 * library.vault.ssl-bundle, or the JVM's trust store.
	 */
	@NotNull
	private URI uri = URI.create("http://127.0.0.1:8200");

	/**
	 * How the platform logs in to Vault: token, approle or kubernetes.
	 */
	@NotNull
	private VaultAuthenticationMethod authentication = VaultAuthenticationMethod.TOKEN;

	/**
	 * Vault token for token authentication, best given as the LIBRARY_VAULT_TOKEN
	 * environment variable. Never logged or shown.
	 */
	private @Nullable String token;

	/**
	 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose truststore verifies
	 * Vault's certificate and whose keystore, if any, is the client certificate; a
	 * reloaded bundle is used from the next request. Empty for the JVM's trust store.
	 */
	private @Nullable String sslBundle;

	/**
	 * How long before its expiry the session token is renewed (auth/token/renew-self); a
	 * token that cannot be renewed is replaced by a fresh login then.
	 */
	private Duration tokenRenewBefore = Duration.ofMinutes(1);

	/**
	 * How long secret values, metadata and names read from Vault are served from memory
	 * once Vault cannot be reached; after it, reads answer 503.
	 */
	private Duration cacheGracePeriod = Duration.ofMinutes(5);

	/**
	 * How often the token's expiry and Vault's health (sys/health) are checked once
	 * connected.
	 */
	private Duration checkInterval = Duration.ofSeconds(10);

	/**
	 * Timeout of connecting to Vault.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Timeout of reading Vault's answer.
	 */
	private Duration readTimeout = Duration.ofSeconds(15);

	/**
	 * Dynamic database credentials by name, each the path of a database secrets engine
	 * role: library.vault.database-credentials.orders=database/creds/orders-rw. Their
	 * leases are renewed before expiry and new credentials requested when a lease ends.
	 */
	private Map<String, String> databaseCredentials = new LinkedHashMap<>();

	/**
	 * AppRole authentication.
	 */
	@Valid
	private final AppRole appRole = new AppRole();

	/**
	 * Kubernetes service account authentication.
	 */
	@Valid
	private final Kubernetes kubernetes = new Kubernetes();

	/**
	 * The KV v2 secrets engine holding the secrets.
	 */
	@Valid
	private final Kv kv = new Kv();

	/**
	 * Attempts to connect at start-up.
	 */
	@Valid
	private final Retry retry = new Retry();

	/**
	 * Renewal of the leases of dynamic database credentials.
	 */
	@Valid
	private final Leases leases = new Leases();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public URI getUri() {
		return this.uri;
	}

	public void setUri(URI uri) {
		this.uri = uri;
	}

	public VaultAuthenticationMethod getAuthentication() {
		return this.authentication;
	}

	public void setAuthentication(VaultAuthenticationMethod authentication) {
		this.authentication = authentication;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public Duration getTokenRenewBefore() {
		return this.tokenRenewBefore;
	}

	public void setTokenRenewBefore(Duration tokenRenewBefore) {
		this.tokenRenewBefore = tokenRenewBefore;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public Duration getCacheGracePeriod() {
		return this.cacheGracePeriod;
	}

	public void setCacheGracePeriod(Duration cacheGracePeriod) {
		this.cacheGracePeriod = cacheGracePeriod;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Map<String, String> getDatabaseCredentials() {
		return this.databaseCredentials;
	}

	public void setDatabaseCredentials(Map<String, String> databaseCredentials) {
		this.databaseCredentials = databaseCredentials;
	}

	public AppRole getAppRole() {
		return this.appRole;
	}

	public Kubernetes getKubernetes() {
		return this.kubernetes;
	}

	public Kv getKv() {
		return this.kv;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Leases getLeases() {
		return this.leases;
	}

	/**
	 * AppRole authentication.
	 */
	public static class AppRole {

		/**
		 * Path the AppRole auth method is mounted at.
		 */
		private String path = "approle";

		/**
		 * Role id of the AppRole.
		 */
		private @Nullable String roleId;

		/**
		 * Secret id of the AppRole, best given as the LIBRARY_VAULT_APP_ROLE_SECRET_ID
		 * environment variable; leave unset for a role that binds no secret id.
		 */
		private @Nullable String secretId;

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getRoleId() {
			return this.roleId;
		}

		public void setRoleId(@Nullable String roleId) {
			this.roleId = roleId;
		}

		public @Nullable String getSecretId() {
			return this.secretId;
		}

		public void setSecretId(@Nullable String secretId) {
			this.secretId = secretId;
		}

	}

	/**
	 * Kubernetes service account authentication.
	 */
	public static class Kubernetes {

		/**
		 * Path the Kubernetes auth method is mounted at.
		 */
		private String path = "kubernetes";

		/**
		 * Vault role bound to the pod's service account.
		 */
		private @Nullable String role;

		/**
		 * File holding the service account token (a JWT), read again at each login since
		 * the kubelet rotates it.
		 */
		private Path serviceAccountTokenFile = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getRole() {
			return this.role;
		}

		public void setRole(@Nullable String role) {
			this.role = role;
		}

		public Path getServiceAccountTokenFile() {
			return this.serviceAccountTokenFile;
		}

		public void setServiceAccountTokenFile(Path serviceAccountTokenFile) {
			this.serviceAccountTokenFile = serviceAccountTokenFile;
		}

	}

	/**
	 * The KV v2 secrets engine.
	 */
	public static class Kv {

		/**
		 * Path the KV v2 secrets engine is mounted at.
		 */
		private String mount = "secret";

		/**
		 * Path under the mount holding the platform's secrets, one Vault secret each;
		 * empty for the mount's root.
		 */
		private String path = "library";

		/**
		 * How long a secret seen in Vault is taken to exist without asking Vault again
		 * (reading a value then costs one request); the value itself is read every time.
		 * Zero to ask every time.
		 */
		private Duration existenceCacheTime = Duration.ofSeconds(10);

		public Duration getExistenceCacheTime() {
			return this.existenceCacheTime;
		}

		public void setExistenceCacheTime(Duration existenceCacheTime) {
			this.existenceCacheTime = existenceCacheTime;
		}

		public String getMount() {
			return this.mount;
		}

		public void setMount(String mount) {
			this.mount = mount;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Attempts to connect at start-up.
	 */
	public static class Retry {

		/**
		 * Wait before the second attempt to connect to Vault, doubled after each failed
		 * one.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two attempts to connect to Vault.
		 */
		private Duration maxBackoff = Duration.ofMinutes(1);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Renewal of leases.
	 */
	public static class Leases {

		/**
		 * How long before its expiry a lease is renewed; a lease whose renewal leaves
		 * less than this is let go and new credentials are requested.
		 */
		private Duration expiryThreshold = Duration.ofMinutes(1);

		/**
		 * Shortest wait between two renewals of a lease.
		 */
		private Duration minRenewal = Duration.ofSeconds(10);

		public Duration getExpiryThreshold() {
			return this.expiryThreshold;
		}

		public void setExpiryThreshold(Duration expiryThreshold) {
			this.expiryThreshold = expiryThreshold;
		}

		public Duration getMinRenewal() {
			return this.minRenewal;
		}

		public void setMinRenewal(Duration minRenewal) {
			this.minRenewal = minRenewal;
		}

	}

}
