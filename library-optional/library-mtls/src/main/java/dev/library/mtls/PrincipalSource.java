package dev.library.mtls;

/**
 * Which part of a client certificate names the principal.
 *
 * @author Library
 */
public enum PrincipalSource {

	/**
	 * The common name (CN) of the certificate's subject.
	 */
	SUBJECT_CN,

	/**
	 * The first DNS name, URI or e-mail address among the subject alternative names.
	 */
	SUBJECT_ALTERNATIVE_NAME

}
