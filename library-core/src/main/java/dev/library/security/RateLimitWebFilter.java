package dev.library.security;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Limits the changing requests (POST, PUT, PATCH, DELETE) of each principal with a
 * {@link RequestRateLimiter}, answering the excess with a 429 problem and
 * {@code Retry-After}. Each refusal is recorded in the audit log as a denial, at most
 * once a second per principal so that a flood does not flood the log too. Reads are never
 * limited.
 *
 * @author Library
 */
public class RateLimitWebFilter implements WebFilter {

	private static final Set<HttpMethod> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private static final long AUDIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

	private static final int MAX_AUDITED_PRINCIPALS = 10_000;

	private final RequestRateLimiter limiter;

	private final WebExceptionHandler problems;

	private final SecurityAuditLog audit;

	private final LongSupplier nanoTime;

	private final Map<String, Long> lastAudited = new ConcurrentHashMap<>();

	/**
	 * Create a filter.
	 * @param limiter the limiter
	 * @param problems the handler that renders problems
	 * @param audit where refusals are recorded
	 * @param nanoTime the monotonic clock
	 */
	public RateLimitWebFilter(RequestRateLimiter limiter, WebExceptionHandler problems, SecurityAuditLog audit,
			LongSupplier nanoTime) {
		this.limiter = limiter;
		this.problems = problems;
		this.audit = audit;
		this.nanoTime = nanoTime;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!CHANGING.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.map(Principal::getName)
			.defaultIfEmpty(AuditedRequest.anonymous(exchange))
			.flatMap((principal) -> {
				Duration wait = this.limiter.tryAcquire(principal);
				if (wait.isZero()) {
					return chain.filter(exchange);
				}
				auditRefusal(principal, exchange);
				return this.problems.handle(exchange, new RateLimitedException(wait));
			});
	}

	private void auditRefusal(String principal, ServerWebExchange exchange) {
		long now = this.nanoTime.getAsLong();
		Long last = this.lastAudited.get(principal);
		if (last != null && now - last < AUDIT_INTERVAL_NANOS) {
			return;
		}
		if (this.lastAudited.size() >= MAX_AUDITED_PRINCIPALS) {
			this.lastAudited.clear();
		}
		this.lastAudited.put(principal, now);
		this.audit.record(SecurityAuditLog.Kind.ACCESS_DENIED, principal,
				AuditedRequest.describe(exchange) + ": rate limit exceeded (429)");
	}

}
