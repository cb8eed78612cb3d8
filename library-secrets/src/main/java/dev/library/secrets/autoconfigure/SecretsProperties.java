package dev.library.secrets.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.library.secrets.SecretPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the secrets component.
 *
 * @author Library
 */
@ConfigurationProperties("library.secrets")
@Validated
public class SecretsProperties {

	/**
	 * Largest secret value accepted by a write.
	 */
	private DataSize maxValueSize = DataSize.ofKilobytes(64);

	/**
	 * How many audit entries are kept in memory for GET /secrets/audit; every entry is
	 * also logged to the library.secrets.audit logger.
	 */
	@Min(1)
	private int auditSize = 1000;

	/**
	 * Encrypted local store.
	 */
	@Valid
	private final Local local = new Local();

	/**
	 * Kubernetes secrets mounted as files.
	 */
	@Valid
	private final Kubernetes kubernetes = new Kubernetes();

	/**
	 * Scheduled rotation.
	 */
	@Valid
	private final Rotation rotation = new Rotation();

	/**
	 * Generation policies by name, used by rotation:
	 * library.secrets.policies.<name>.length and
	 * library.secrets.policies.<name>.alphabet. The policy named "default" is used when a
	 * secret names none.
	 */
	@Valid
	private Map<String, Policy> policies = new LinkedHashMap<>();

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public int getAuditSize() {
		return this.auditSize;
	}

	public void setAuditSize(int auditSize) {
		this.auditSize = auditSize;
	}

	public Local getLocal() {
		return this.local;
	}

	public Kubernetes getKubernetes() {
		return this.kubernetes;
	}

	public Rotation getRotation() {
		return this.rotation;
	}

	public Map<String, Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(Map<String, Policy> policies) {
		this.policies = policies;
	}

	/**
	 * The generation policies, the default one added when not declared.
	 * @return the policies by name
	 */
	Map<String, SecretPolicy> policies() {
		Map<String, SecretPolicy> policies = new LinkedHashMap<>();
		policies.put("default", new Policy().toPolicy());
		this.policies.forEach((name, policy) -> policies.put(name, policy.toPolicy()));
		return policies;
	}

	/**
	 * The encrypted local store.
	 */
	public static class Local {

		/**
		 * Whether the encrypted local store is used.
		 */
		private boolean enabled = true;

		/**
		 * Directory holding the encrypted secret files. Defaults to "secrets" under
		 * library.state.data-dir.
		 */
		private @Nullable Path directory;

		/**
		 * File holding the AES-256 key in base64, outside the store directory (start-up
		 * fails otherwise). Created with a fresh random key when missing and generate-key
		 * is true. Without a key (file or library.secrets.local.key) the store refuses
		 * writes.
		 */
		private @Nullable Path keyFile;

		/**
		 * AES-256 key in base64 (32 bytes), usually given as the
		 * LIBRARY_SECRETS_LOCAL_KEY environment variable; takes precedence over key-file.
		 */
		private @Nullable String key;

		/**
		 * Whether a missing key-file is created with a fresh random key (owner-only
		 * permissions).
		 */
		private boolean generateKey = true;

		/**
		 * How many versions of each secret are kept; older ones are dropped on write.
		 */
		@Min(1)
		@Max(1000)
		private int maxVersions = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public @Nullable Path getKeyFile() {
			return this.keyFile;
		}

		public void setKeyFile(@Nullable Path keyFile) {
			this.keyFile = keyFile;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public boolean isGenerateKey() {
			return this.generateKey;
		}

		public void setGenerateKey(boolean generateKey) {
			this.generateKey = generateKey;
		}

		public int getMaxVersions() {
			return this.maxVersions;
		}

		public void setMaxVersions(int maxVersions) {
			this.maxVersions = maxVersions;
		}

	}

	/**
	 * Kubernetes secrets mounted as files.
	 */
	public static class Kubernetes {

		/**
		 * Directory where a Kubernetes secret is mounted, each file a secret (read-only).
		 * Not used when unset.
		 */
		private @Nullable Path path;

		/**
		 * How often the mounted directory is read again to notice updates by the kubelet.
		 */
		private Duration pollInterval = Duration.ofSeconds(10);

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Scheduled rotation.
	 */
	public static class Rotation {

		/**
		 * How often secrets are checked against their maximum age (set per secret with
		 * PUT /secrets/{name} and "maxAge").
		 */
		private Duration checkInterval = Duration.ofMinutes(1);

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	/**
	 * A generation policy.
	 */
	public static class Policy {

		/**
		 * Number of characters generated, 8 to 4096.
		 */
		@Min(8)
		@Max(4096)
		private int length = 32;

		/**
		 * Characters drawn from, none repeated.
		 */
		@NotEmpty
		private String alphabet = SecretPolicy.ALPHANUMERIC;

		public int getLength() {
			return this.length;
		}

		public void setLength(int length) {
			this.length = length;
		}

		public String getAlphabet() {
			return this.alphabet;
		}

		public void setAlphabet(String alphabet) {
			this.alphabet = alphabet;
		}

		SecretPolicy toPolicy() {
			return new SecretPolicy(this.length, this.alphabet);
		}

	}

}
