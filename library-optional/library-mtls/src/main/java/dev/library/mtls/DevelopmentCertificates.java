package dev.library.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The development mode's certificates: on first start, a local CA ({@code ca.crt},
 * {@code ca.key}), a server certificate for {@code localhost} ({@code tls.crt},
 * {@code tls.key}) and a client certificate for the principal {@value #CLIENT_NAME}
 * ({@code client.crt}, {@code client.key}), written where cert-manager would write its
 * files.
 *
 * @author Library
 */
public final class DevelopmentCertificates {

	/**
	 * Common name of the generated client certificate.
	 */
	public static final String CLIENT_NAME = "dev-client";

	private static final Log logger = LogFactory.getLog(DevelopmentCertificates.class);

	private static final Duration VALIDITY = Duration.ofDays(365);

	private DevelopmentCertificates() {
	}

	/**
	 * Create the certificates unless the server certificate exists already.
	 * @param directory the certificate directory
	 * @return whether they were created
	 */
	public static boolean createIfMissing(Path directory) {
		if (Files.exists(directory.resolve("tls.crt"))) {
			return false;
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant notBefore = now.minus(Duration.ofMinutes(5));
		Instant notAfter = now.plus(VALIDITY);
		LocalCertificateAuthority ca = LocalCertificateAuthority.create("Library development CA", notBefore, notAfter);
		try {
			ca.certificate().write(directory.resolve("ca.crt"), directory.resolve("ca.key"));
			ca.issueClient(CLIENT_NAME, notBefore, notAfter)
				.write(directory.resolve("client.crt"), directory.resolve("client.key"));
			ca.issueServer("localhost", List.of("localhost", "127.0.0.1", "::1"), notBefore, notAfter)
				.write(directory.resolve("tls.crt"), directory.resolve("tls.key"), ca.certificate().certificatePem());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the development certificates to " + directory, ex);
		}
		logger.warn("Development mode: created a local CA, a server certificate and a client certificate ('"
				+ CLIENT_NAME + "') in " + directory.toAbsolutePath() + ". Try: curl --cacert "
				+ directory.resolve("ca.crt") + " --cert " + directory.resolve("client.crt") + " --key "
				+ directory.resolve("client.key") + " https://localhost:8080/mtls/info");
		return true;
	}

}
