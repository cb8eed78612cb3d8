package dev.library.security;

import java.security.Principal;

import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a request whose principal lacks the needed role with a 403 problem naming that
 * role.
 *
 * @author Library
 */
public class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final WebExceptionHandler problems;

	private final SecurityAuditLog audit;

	public ProblemAccessDeniedHandler(WebExceptionHandler problems, SecurityAuditLog audit) {
		this.problems = problems;
		this.audit = audit;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		RouteAccess.Rule rule = exchange.getAttribute(AccessRules.RULE_ATTRIBUTE);
		String detail = (rule != null && rule.role() != null)
				? "This route needs the role '" + rule.role().externalName() + "'"
				: "This route needs a role the principal does not hold";
		return exchange.getPrincipal()
			.map(Principal::getName)
			.defaultIfEmpty(AuditedRequest.anonymous(exchange))
			.flatMap((principal) -> {
				this.audit.record(SecurityAuditLog.Kind.ACCESS_DENIED, principal,
						AuditedRequest.describe(exchange) + ": " + detail);
				return this.problems.handle(exchange, new RoleRequiredException(detail));
			});
	}

}
