package dev.library.mtls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.jspecify.annotations.Nullable;

/**
 * Reads the names a certificate holds: the subject's common name and the subject
 * alternative names.
 */
final class CertificateNames {

	private static final int EMAIL = 1;

	private static final int DNS = 2;

	private static final int URI = 6;

	private static final int IP_ADDRESS = 7;

	private CertificateNames() {
	}

	static @Nullable String commonName(X509Certificate certificate) {
		try {
			LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
			for (Rdn rdn : name.getRdns()) {
				if ("CN".equalsIgnoreCase(rdn.getType())) {
					return rdn.getValue().toString();
				}
			}
			return null;
		}
		catch (InvalidNameException ex) {
			return null;
		}
	}

	/**
	 * Return the DNS names, URIs, e-mail addresses and IP addresses among the subject
	 * alternative names, in the certificate's order, each prefixed by its kind as
	 * {@code DNS:}, {@code URI:}, {@code email:} or {@code IP:}.
	 */
	static List<String> alternativeNames(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		for (List<?> entry : entries(certificate)) {
			String prefix = switch ((Integer) entry.get(0)) {
				case EMAIL -> "email:";
				case DNS -> "DNS:";
				case URI -> "URI:";
				case IP_ADDRESS -> "IP:";
				default -> null;
			};
			if (prefix != null && entry.get(1) instanceof String value) {
				names.add(prefix + value);
			}
		}
		return names;
	}

	/**
	 * Return the first DNS name, URI or e-mail address among the subject alternative
	 * names, without its kind.
	 */
	static @Nullable String firstAlternativeName(X509Certificate certificate) {
		for (List<?> entry : entries(certificate)) {
			int kind = (Integer) entry.get(0);
			if ((kind == DNS || kind == URI || kind == EMAIL) && entry.get(1) instanceof String value) {
				return value;
			}
		}
		return null;
	}

	private static Collection<List<?>> entries(X509Certificate certificate) {
		try {
			Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
			return (entries != null) ? entries : List.of();
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
	}

}
