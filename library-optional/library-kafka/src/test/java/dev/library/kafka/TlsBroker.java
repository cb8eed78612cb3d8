package dev.library.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.library.vault.OpensslCertificates;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An in-process KRaft broker whose client listener speaks TLS only, with a certificate
 * for {@code localhost} made at test time by a CA of its own, and the CA a client trusts.
 *
 * @author Library
 */
final class TlsBroker {

	private final EmbeddedKafkaKraftBroker broker;

	private final OpensslCertificates trusted;

	private TlsBroker(EmbeddedKafkaKraftBroker broker, OpensslCertificates trusted) {
		this.broker = broker;
		this.trusted = trusted;
	}

	/**
	 * Start a broker.
	 * @param signedByTrustedCa whether the broker's certificate is signed by the CA the
	 * clients trust, or by another one
	 * @return the broker
	 */
	static TlsBroker start(boolean signedByTrustedCa) {
		try {
			Path directory = Files.createTempDirectory("kafka-tls");
			OpensslCertificates trusted = OpensslCertificates.authority(directory, "clients-trusted-ca");
			String issuerName = issuerName(signedByTrustedCa);
			OpensslCertificates issuer = signedByTrustedCa ? trusted
					: OpensslCertificates.authority(directory, issuerName);
			issuer.issue(issuerName, "broker", "DNS:localhost,IP:127.0.0.1");
			Map<String, String> properties = new HashMap<>();
			// The client listener (EXTERNAL) speaks TLS; the KRaft controller stays as is
			properties.put("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT");
			properties.put("ssl.keystore.type", "PEM");
			properties.put("ssl.keystore.certificate.chain", issuer.pem("broker.crt"));
			properties.put("ssl.keystore.key", issuer.pem("broker.key"));
			// The broker's own inter-broker client trusts the broker's issuer
			properties.put("ssl.truststore.type", "PEM");
			properties.put("ssl.truststore.certificates", issuer.pem(issuerName + ".crt"));
			properties.put("ssl.client.auth", "none");
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			broker.brokerProperties(properties);
			broker.afterPropertiesSet();
			return new TlsBroker(broker, trusted);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the TLS broker", ex);
		}
	}

	private static String issuerName(boolean signedByTrustedCa) {
		return signedByTrustedCa ? "clients-trusted-ca" : "unknown-ca";
	}

	String servers() {
		return this.broker.getBrokersAsString();
	}

	/**
	 * Return the file of the CA the clients trust.
	 * @return the PEM file
	 */
	Path trustedCa() {
		return this.trusted.file("clients-trusted-ca.crt");
	}

	/**
	 * Point the application's Kafka clients at this broker over TLS, trusting the
	 * clients' CA through an SSL bundle.
	 * @param registry the test's dynamic properties
	 */
	void registerClientProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", this::servers);
		registry.add("spring.kafka.security.protocol", () -> "SSL");
		registry.add("spring.ssl.bundle.pem.kafka-broker.truststore.certificate", () -> "file:" + trustedCa());
		registry.add("spring.kafka.ssl.bundle", () -> "kafka-broker");
	}

	/**
	 * Return the settings of a plain Kafka client that trusts the clients' CA.
	 * @return the settings
	 */
	Map<String, Object> clientSettings() throws Exception {
		return Map.of("bootstrap.servers", servers(), "security.protocol", "SSL", "ssl.truststore.type", "PEM",
				"ssl.truststore.certificates", this.trusted.pem("clients-trusted-ca.crt"));
	}

	void stop() {
		this.broker.destroy();
	}

}
