package dev.library.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the {@code openssl} command line: a CA and the
 * server and client certificates it signs (EC P-256, valid two days), as PEM files. Other
 * modules' TLS tests (database, Kafka, webhooks) use it from this module's test jar.
 *
 * @author Library
 */
public final class OpensslCertificates {

	private final Path directory;

	private OpensslCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Make a CA in a directory.
	 * @param directory where the files go
	 * @param name the CA's file name and common name
	 * @return the CA
	 */
	public static OpensslCertificates authority(Path directory, String name) throws Exception {
		OpensslCertificates ca = new OpensslCertificates(directory);
		ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name);
		return ca;
	}

	/**
	 * Issue a certificate signed by the CA {@code ca}.
	 * @param ca the CA's name
	 * @param name the certificate's file name and common name
	 * @param subjectAlternativeName such as {@code IP:127.0.0.1}, or {@code null}
	 */
	public void issue(String ca, String name, String subjectAlternativeName) throws Exception {
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
				"-out", name + ".csr", "-subj", "/CN=" + name);
		List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey",
				ca + ".key", "-CAcreateserial", "-out", name + ".crt", "-days", "2"));
		if (subjectAlternativeName != null) {
			Files.writeString(this.directory.resolve(name + ".ext"), "subjectAltName=" + subjectAlternativeName);
			sign.addAll(List.of("-extfile", name + ".ext"));
		}
		openssl(sign.toArray(String[]::new));
	}

	public Path file(String name) {
		return this.directory.resolve(name);
	}

	public String pem(String name) throws IOException {
		return Files.readString(file(name), StandardCharsets.US_ASCII);
	}

	private void openssl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
