package dev.library.mtls.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.library.mtls.DevelopmentCertificates;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code library.mtls.*} onto a Spring Boot PEM SSL bundle named
 * {@value #BUNDLE_NAME} that reloads when its files change, and serves the API with it
 * ({@code server.ssl.bundle}), when the mtls component is enabled. The mapped properties
 * have the lowest precedence, so that any {@code spring.ssl.bundle.pem.library-mtls.*} or
 * {@code server.ssl.*} set explicitly wins. In development mode, creates the certificates
 * first, so that the bundle finds them.
 *
 * @author Library
 */
public class MtlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the SSL bundle that serves the API.
	 */
	public static final String BUNDLE_NAME = "library-mtls";

	/**
	 * Name of the property source holding the mapped properties.
	 */
	public static final String PROPERTY_SOURCE_NAME = "libraryMtls";

	/**
	 * TLS 1.3 suites, then TLS 1.2 suites with forward secrecy and authenticated
	 * encryption only.
	 */
	static final List<String> CIPHERS = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	private static final String PREFIX = "spring.ssl.bundle.pem." + BUNDLE_NAME + ".";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("library.enabled-components.mtls", Boolean.class).orElse(false)) {
			return;
		}
		MtlsProperties properties = binder.bind("library.mtls", MtlsProperties.class).orElseGet(MtlsProperties::new);
		Path directory = certificateDirectory(properties, environment).toAbsolutePath().normalize();
		if (properties.isDevCa()) {
			DevelopmentCertificates.createIfMissing(directory);
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		mapped.put(PREFIX + "keystore.certificate", "file:" + directory.resolve("tls.crt"));
		mapped.put(PREFIX + "keystore.private-key", "file:" + directory.resolve("tls.key"));
		mapped.put(PREFIX + "truststore.certificate", "file:" + directory.resolve("ca.crt"));
		mapped.put(PREFIX + "reload-on-update", "true");
		mapped.put(PREFIX + "options.enabled-protocols", properties.isAllowTls12() ? "TLSv1.3,TLSv1.2" : "TLSv1.3");
		mapped.put(PREFIX + "options.ciphers", String.join(",", CIPHERS));
		mapped.put("server.ssl.bundle", BUNDLE_NAME);
		mapped.put("server.ssl.client-auth", properties.getClientAuth().name().toLowerCase(Locale.ROOT));
		if (properties.isDevCa()) {
			mapped.put("library.mtls.roles." + DevelopmentCertificates.CLIENT_NAME, "admin");
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
	}

	private static Path certificateDirectory(MtlsProperties properties, ConfigurableEnvironment environment) {
		Path configured = properties.getCertificateDirectory();
		if (configured != null) {
			return configured;
		}
		if (properties.isDevCa()) {
			return Path.of(environment.getProperty("library.state.data-dir", "data")).resolve("mtls");
		}
		throw new IllegalStateException("library.mtls.certificate-directory must name the directory holding tls.crt, "
				+ "tls.key and ca.crt (such as a mounted cert-manager secret), or set library.mtls.dev-ca=true "
				+ "to create development certificates");
	}

	@Override
	public int getOrder() {
		// Before the platform's defaults, after application.yaml and the profiles.
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
