package dev.library.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the {@code openssl} command line: a CA and the
 * certificates it signs (EC P-256, valid two days), as PEM files.
 *
 * @author Library
 */
final class OpensslCertificates {

	private final Path directory;

	private final String name;

	private OpensslCertificates(Path directory, String name) {
		this.directory = directory;
		this.name = name;
	}

	/**
	 * Make a CA in a directory.
	 * @param directory where the files go
	 * @param name the CA's file name and common name
	 * @return the CA
	 */
	static OpensslCertificates authority(Path directory, String name) throws Exception {
		OpensslCertificates ca = new OpensslCertificates(directory, name);
		ca.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name);
		return ca;
	}

	/**
	 * Issue a certificate for {@code localhost} and {@code 127.0.0.1}.
	 * @param name the certificate's file name and common name
	 */
	void issueForLocalhost(String name) throws Exception {
		openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
				"-out", name + ".csr", "-subj", "/CN=" + name);
		Files.writeString(this.directory.resolve(name + ".ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1");
		openssl("x509", "-req", "-in", name + ".csr", "-CA", this.name + ".crt", "-CAkey", this.name + ".key",
				"-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
	}

	Path file(String name) {
		return this.directory.resolve(name);
	}

	String pem(String name) throws IOException {
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
