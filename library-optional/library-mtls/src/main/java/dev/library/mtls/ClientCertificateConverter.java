package dev.library.mtls;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the client certificate of a request's TLS connection, already verified against
 * the trusted CAs by the handshake. A request with an {@code Authorization} header is
 * left to the bearer credentials: a client that sends both means the header.
 *
 * @author Library
 */
public class ClientCertificateConverter implements ServerAuthenticationConverter {

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
			return Mono.empty();
		}
		SslInfo ssl = exchange.getRequest().getSslInfo();
		X509Certificate[] chain = (ssl != null) ? ssl.getPeerCertificates() : null;
		if (chain == null || chain.length == 0) {
			return Mono.empty();
		}
		return Mono.just(ClientCertificateAuthentication.unauthenticated(chain[0]));
	}

}
