package dev.library.mtls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds {@code library.mtls.certificate.expiry}: the seconds until the server certificate
 * presented now expires, negative once it has.
 *
 * @author Library
 */
public class CertificateExpiryMetrics implements MeterBinder {

	private final ServerCertificates certificates;

	private final Clock clock;

	public CertificateExpiryMetrics(ServerCertificates certificates, Clock clock) {
		this.certificates = certificates;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("library.mtls.certificate.expiry", this, CertificateExpiryMetrics::secondsLeft)
			.description("Time until the server's TLS certificate expires")
			.baseUnit("seconds")
			.register(registry);
	}

	private double secondsLeft() {
		X509Certificate certificate = this.certificates.serverCertificate();
		if (certificate == null) {
			return Double.NaN;
		}
		return Duration.between(Instant.now(this.clock), certificate.getNotAfter().toInstant()).toSeconds();
	}

}
