package dev.library.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a request without acceptable credentials with a 401 problem and a
 * {@code WWW-Authenticate: Bearer} challenge. The detail says what was wrong in words
 * written for the client, never an exception message from a library, never the
 * credential.
 *
 * @author Library
 */
public class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final WebExceptionHandler problems;

	private final SecurityAuditLog audit;

	/**
	 * Create an entry point.
	 * @param problems the handler that renders problems, such as the
	 * {@link dev.library.core.web.ProblemDetailsExceptionHandler}
	 * @param audit where refusals are recorded
	 */
	public ProblemAuthenticationEntryPoint(WebExceptionHandler problems, SecurityAuditLog audit) {
		this.problems = problems;
		this.audit = audit;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		AuthenticationRequiredException problem = toProblem(ex);
		SecurityAuditLog.Kind kind = (ex instanceof BearerCredentialsException)
				? SecurityAuditLog.Kind.AUTHENTICATION_FAILED : SecurityAuditLog.Kind.AUTHENTICATION_MISSING;
		this.audit.record(kind, AuditedRequest.anonymous(exchange),
				AuditedRequest.describe(exchange) + ": " + problem.getBody().getDetail());
		return this.problems.handle(exchange, problem);
	}

	static AuthenticationRequiredException toProblem(AuthenticationException ex) {
		String challenge = "Bearer realm=\"" + AuthenticationRequiredException.REALM + "\"";
		if (ex instanceof BearerCredentialsException refused) {
			return new AuthenticationRequiredException(refused.getMessage(),
					challenge + ", error=\"" + refused.getReason().errorCode() + "\"");
		}
		return new AuthenticationRequiredException(
				"Authentication is required: send 'Authorization: Bearer <token>' with an API token or a JWT",
				challenge);
	}

}
