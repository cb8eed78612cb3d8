package dev.library.security;

import java.util.List;

import dev.library.core.web.QueryParameters;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /security/audit}: the latest security audit entries, newest first.
 *
 * @author Library
 */
public class SecurityAuditHandler {

	private static final int DEFAULT_LIMIT = 100;

	private final SecurityAuditLog audit;

	public SecurityAuditHandler(SecurityAuditLog audit) {
		this.audit = audit;
	}

	public Mono<ServerResponse> latest(ServerRequest request) {
		int limit = QueryParameters.integer(request, "limit", 1, 10_000).orElse(DEFAULT_LIMIT);
		return ServerResponse.ok().bodyValue(new AuditView(this.audit.latest(limit)));
	}

	/**
	 * The latest audit entries.
	 *
	 * @param entries newest first
	 */
	public record AuditView(List<SecurityAuditLog.Entry> entries) {

	}

}
