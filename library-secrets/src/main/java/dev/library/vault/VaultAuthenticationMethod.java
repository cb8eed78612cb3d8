package dev.library.vault;

/**
 * How the platform signs in to Vault.
 *
 * @author Library
 */
public enum VaultAuthenticationMethod {

	/**
	 * A token given in the configuration; "logging in again" uses the same token.
	 */
	TOKEN,

	/**
	 * AppRole: a role id and a secret id exchanged for a token at
	 * {@code auth/<path>/login}.
	 */
	APPROLE,

	/**
	 * Kubernetes: the pod's service account token (a JWT read from a file) exchanged for
	 * a token at {@code auth/<path>/login}.
	 */
	KUBERNETES

}
