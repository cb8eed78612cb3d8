package dev.library.mtls;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.library.security.SecurityAuditLog;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.Ssl;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /mtls/info}: the server certificate presented now, the client authentication
 * and the trusted CAs; {@code POST /mtls/enforce}: require client certificates from now
 * on, or say why not, audited either way.
 *
 * @author Library
 */
public class MtlsHandler {

	private final ServerCertificates certificates;

	private final TlsServerCustomizer server;

	private final SecurityAuditLog audit;

	private final Ssl.ClientAuth configuredClientAuth;

	private final Duration expiryWarning;

	private final Clock clock;

	public MtlsHandler(ServerCertificates certificates, TlsServerCustomizer server, SecurityAuditLog audit,
			Ssl.ClientAuth configuredClientAuth, Duration expiryWarning, Clock clock) {
		this.certificates = certificates;
		this.server = server;
		this.audit = audit;
		this.configuredClientAuth = configuredClientAuth;
		this.expiryWarning = expiryWarning;
		this.clock = clock;
	}

	public Mono<ServerResponse> info(ServerRequest request) {
		X509Certificate server = this.certificates.serverCertificate();
		List<String> protocols = (this.certificates.bundle().getOptions().getEnabledProtocols() != null)
				? List.of(this.certificates.bundle().getOptions().getEnabledProtocols()) : List.of();
		return ServerResponse.ok()
			.bodyValue(new InfoView(this.certificates.bundleName(), (server != null) ? serverView(server) : null,
					name(this.server.clientAuth()), name(this.configuredClientAuth), protocols,
					this.certificates.lastReload(),
					this.certificates.trustedCertificates().stream().map(MtlsHandler::trustedView).toList()));
	}

	public Mono<ServerResponse> enforce(ServerRequest request) {
		return request.principal().map(Principal::getName).defaultIfEmpty("unknown").flatMap((principal) -> {
			if (this.server.clientAuth() == Ssl.ClientAuth.NEED) {
				return ServerResponse.ok().bodyValue(new EnforcementView("need", false));
			}
			String refusal = refusal(request);
			if (refusal != null) {
				this.audit.record(SecurityAuditLog.Kind.ENFORCEMENT_CHANGED, principal,
						"client certificates not required: " + refusal);
				return Mono.error(new EnforcementRefusedException(refusal));
			}
			boolean changed = this.server.requireClientCertificates();
			this.audit.record(SecurityAuditLog.Kind.ENFORCEMENT_CHANGED, principal,
					"client certificates required on every new connection (client-auth need) until restart");
			return ServerResponse.ok().bodyValue(new EnforcementView("need", changed));
		});
	}

	private @Nullable String refusal(ServerRequest request) {
		if (this.certificates.trustedCertificates().isEmpty()) {
			return "the server trusts no CA (ca.crt is empty), so no client certificate could be accepted";
		}
		if (!presentedCertificate(request)) {
			return "this request came without a client certificate, so requiring one would lock its caller out; "
					+ "call again over a connection with a client certificate whose principal holds the admin role";
		}
		return null;
	}

	private static boolean presentedCertificate(ServerRequest request) {
		SslInfo ssl = request.exchange().getRequest().getSslInfo();
		return ssl != null && ssl.getPeerCertificates() != null && ssl.getPeerCertificates().length > 0;
	}

	private ServerCertificateView serverView(X509Certificate certificate) {
		Instant notAfter = certificate.getNotAfter().toInstant();
		Duration left = Duration.between(Instant.now(this.clock), notAfter);
		return new ServerCertificateView(certificate.getSubjectX500Principal().getName(),
				CertificateNames.alternativeNames(certificate), certificate.getIssuerX500Principal().getName(),
				certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(), notAfter,
				left.toDays(), left.compareTo(this.expiryWarning) < 0);
	}

	private static TrustedCertificateView trustedView(X509Certificate certificate) {
		return new TrustedCertificateView(certificate.getSubjectX500Principal().getName(),
				certificate.getNotAfter().toInstant());
	}

	private static String name(Ssl.ClientAuth mode) {
		return mode.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * What {@code GET /mtls/info} answers.
	 *
	 * @param bundle the SSL bundle serving the certificates
	 * @param serverCertificate the server certificate presented now
	 * @param clientAuth client authentication of new connections: none, want or need
	 * @param configuredClientAuth client authentication at start-up
	 * @param protocols the TLS protocols accepted
	 * @param lastReload when the certificates were last reloaded from disk, null when not
	 * since start-up
	 * @param trustedCas the CAs client certificates must chain to
	 */
	public record InfoView(String bundle, @Nullable ServerCertificateView serverCertificate, String clientAuth,
			String configuredClientAuth, List<String> protocols, @Nullable Instant lastReload,
			List<TrustedCertificateView> trustedCas) {

	}

	/**
	 * The server certificate.
	 *
	 * @param subject its subject
	 * @param subjectAlternativeNames its DNS names, IP addresses, URIs and e-mail
	 * addresses
	 * @param issuer its issuer
	 * @param serialNumber its serial number, in hexadecimal
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 * @param daysLeft whole days until it expires, negative once it has
	 * @param expiresSoon whether fewer than library.mtls.expiry-warning remain
	 */
	public record ServerCertificateView(String subject, List<String> subjectAlternativeNames, String issuer,
			String serialNumber, Instant notBefore, Instant notAfter, long daysLeft, boolean expiresSoon) {

	}

	/**
	 * A trusted CA certificate.
	 *
	 * @param subject its subject
	 * @param notAfter end of validity
	 */
	public record TrustedCertificateView(String subject, Instant notAfter) {

	}

	/**
	 * What {@code POST /mtls/enforce} answers.
	 *
	 * @param clientAuth client authentication of new connections from now on
	 * @param changed whether this request changed it
	 */
	public record EnforcementView(String clientAuth, boolean changed) {

	}

}
