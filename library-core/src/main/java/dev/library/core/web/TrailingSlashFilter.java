package dev.library.core.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.filter.reactive.UrlHandlerFilter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Serves a path with a trailing slash as the path without it ({@code GET /alarms/} as
 * {@code GET /alarms}), first of all filters, so that security and routing see one
 * spelling: both reach the same handler under the same access rule.
 *
 * @author Library
 */
public class TrailingSlashFilter implements WebFilter, Ordered {

	private final UrlHandlerFilter delegate = UrlHandlerFilter.trailingSlashHandler("/**").mutateRequest().build();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.delegate.filter(exchange, chain);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
