package dev.library.security;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/**
 * How a request is named in the audit log: its method and path (never its query, which
 * may hold values), and its client address when nobody signed in.
 */
final class AuditedRequest {

	private AuditedRequest() {
	}

	private static final int MAX_PATH_LENGTH = 200;

	static String describe(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		if (path.length() > MAX_PATH_LENGTH) {
			path = path.substring(0, MAX_PATH_LENGTH) + "...";
		}
		return exchange.getRequest().getMethod().name() + " " + path;
	}

	static String anonymous(ServerWebExchange exchange) {
		InetSocketAddress address = exchange.getRequest().getRemoteAddress();
		return "anonymous@" + ((address != null) ? address.getHostString() : "unknown");
	}

}
