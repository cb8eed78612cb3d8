package dev.library.core.web;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives a problem body to error responses that would otherwise complete empty, such as
 * Actuator's 404 for an unknown health group or a bare 401, so that every error a client
 * sees is {@code application/problem+json}.
 *
 * @author Library
 */
public class EmptyErrorResponseFilter implements WebFilter, Ordered {

	private final JsonMapper jsonMapper;

	public EmptyErrorResponseFilter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		ServerHttpResponse response = exchange.getResponse();
		ServerHttpResponseDecorator decorated = new ServerHttpResponseDecorator(response) {

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				if (status == null || !status.isError() || isCommitted() || getHeaders().getContentType() != null) {
					return super.setComplete();
				}
				ProblemDetail problem = ProblemDetail.forStatus(status);
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("type", ProblemTypes.forStatus(status).toString());
				fields.put("title", problem.getTitle());
				fields.put("status", status.value());
				fields.put("instance", path);
				byte[] body = EmptyErrorResponseFilter.this.jsonMapper.writeValueAsBytes(fields);
				getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
				getHeaders().setContentLength(body.length);
				DataBuffer buffer = bufferFactory().wrap(body);
				return super.writeWith(Mono.just(buffer));
			}

		};
		return chain.filter(exchange.mutate().response(decorated).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
