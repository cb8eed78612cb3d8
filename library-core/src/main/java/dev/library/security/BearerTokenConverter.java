package dev.library.security;

import java.util.List;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the bearer credential of a request: none without an {@code Authorization} header,
 * a refusal for anything but one well-formed {@code Bearer} credential of reasonable
 * size.
 *
 * @author Library
 */
public class BearerTokenConverter implements ServerAuthenticationConverter {

	private static final String SCHEME = "Bearer ";

	/**
	 * RFC 6750 {@code b64token}.
	 */
	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

	private final int maxHeaderLength;

	public BearerTokenConverter(DataSize maxHeaderSize) {
		this.maxHeaderLength = (int) Math.min(Integer.MAX_VALUE, maxHeaderSize.toBytes());
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (headers.isEmpty()) {
			return Mono.empty();
		}
		if (headers.size() > 1) {
			return malformed("Send a single Authorization header");
		}
		String header = headers.get(0);
		if (header.length() > this.maxHeaderLength) {
			return malformed("The Authorization header is longer than " + this.maxHeaderLength + " characters");
		}
		if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return malformed("Only Bearer credentials are accepted: Authorization: Bearer <token>");
		}
		String token = header.substring(SCHEME.length()).trim();
		if (!TOKEN.matcher(token).matches()) {
			return malformed("The bearer credential is empty or has characters a token cannot have");
		}
		return Mono.just(new BearerTokenAuthenticationToken(token));
	}

	private static Mono<Authentication> malformed(String message) {
		return Mono.error(new BearerCredentialsException(BearerCredentialsException.Reason.INVALID_REQUEST, message));
	}

}
