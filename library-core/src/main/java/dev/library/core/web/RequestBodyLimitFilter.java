package dev.library.core.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies larger than {@code library.api.max-body-size} with 413: at once
 * when {@code Content-Length} says so, otherwise as soon as the streamed body passes the
 * limit.
 *
 * @author Library
 */
public class RequestBodyLimitFilter implements WebFilter, Ordered {

	private final DataSize limit;

	public RequestBodyLimitFilter(DataSize limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		long max = this.limit.toBytes();
		if (declared > max) {
			return Mono.error(new PayloadTooLargeException(this.limit));
		}
		ServerHttpRequestDecorator limited = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong read = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (read.addAndGet(buffer.readableByteCount()) > max) {
						DataBufferUtils.release(buffer);
						sink.error(new PayloadTooLargeException(RequestBodyLimitFilter.this.limit));
					}
					else {
						sink.next(buffer);
					}
				});
			}

		};
		return chain.filter(exchange.mutate().request(limited).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
