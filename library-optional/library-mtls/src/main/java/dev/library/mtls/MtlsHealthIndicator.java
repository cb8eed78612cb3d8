package dev.library.mtls;

import java.security.cert.X509Certificate;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the server's TLS: DOWN when the bundle holds no server certificate or it has
 * expired (clients refuse the handshake), UP otherwise, with the subject, the days left,
 * whether it expires soon, the client authentication and the last reload. Never a key.
 *
 * @author Library
 */
public class MtlsHealthIndicator implements ReactiveHealthIndicator {

	private final ServerCertificates certificates;

	private final ServerCertificateValidity validity;

	private final TlsServerCustomizer server;

	private final double expiryWarningDays;

	/**
	 * Create the indicator.
	 * @param certificates the server's certificates
	 * @param validity the days left
	 * @param server the TLS set-up of the server, for the client authentication now
	 * @param expiryWarningDays the days left below which the certificate expires soon
	 */
	public MtlsHealthIndicator(ServerCertificates certificates, ServerCertificateValidity validity,
			TlsServerCustomizer server, double expiryWarningDays) {
		this.certificates = certificates;
		this.validity = validity;
		this.server = server;
		this.expiryWarningDays = expiryWarningDays;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			X509Certificate certificate = this.certificates.serverCertificate();
			Double days = this.validity.daysLeft();
			if (certificate == null || days == null) {
				return Health.down()
					.withDetail("error",
							"The SSL bundle '" + this.certificates.bundleName() + "' holds no server certificate")
					.build();
			}
			Health.Builder health = (days < 0) ? Health.down().withDetail("error", "The server certificate has expired")
					: Health.up();
			health.withDetail("subject", certificate.getSubjectX500Principal().getName())
				.withDetail("daysLeft", days)
				.withDetail("expiresSoon", days < this.expiryWarningDays)
				.withDetail("clientAuth", this.server.clientAuth().name().toLowerCase(Locale.ROOT));
			if (this.certificates.lastReload() != null) {
				health.withDetail("lastReload", String.valueOf(this.certificates.lastReload()));
			}
			return health.build();
		});
	}

}
