package dev.library.secrets;

/**
 * A secret has a new version: consumers read it again from the {@link SecretStore}. The
 * event carries no value.
 *
 * @param name the name
 * @param backend the backend holding it
 * @param version the new current version
 * @param reason why it changed
 * @author Library
 */
public record SecretRotatedEvent(String name, String backend, int version, Reason reason) {

	/**
	 * Why a secret changed.
	 */
	public enum Reason {

		/**
		 * A new value was written through the API.
		 */
		WRITTEN,

		/**
		 * A value was generated on request.
		 */
		ROTATED,

		/**
		 * A value was generated because the secret reached its maximum age.
		 */
		EXPIRED,

		/**
		 * The backend changed it (a Kubernetes secret updated by the kubelet).
		 */
		CHANGED_IN_BACKEND

	}

}
