package dev.library.core.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;

/**
 * Runs after every other route: when no route matched a request but some route matches
 * its path with another method, answers 405 with an {@code Allow} header instead of
 * letting the request fall through to a 404.
 *
 * @author Library
 */
public class MethodNotAllowedRouterFunction implements RouterFunction<ServerResponse> {

	private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
			HttpMethod.PATCH, HttpMethod.DELETE);

	private final Supplier<List<RouterFunction<?>>> routes;

	/**
	 * Create a new instance.
	 * @param routes supplies every other route of the application
	 */
	public MethodNotAllowedRouterFunction(Supplier<List<RouterFunction<?>>> routes) {
		this.routes = routes;
	}

	@Override
	public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
		List<RouterFunction<?>> candidates = this.routes.get().stream().filter((route) -> route != this).toList();
		// Router beans of equal order are combined in registration order, so this one may
		// be asked before a route that does match the request
		return matchesAny(candidates, ServerRequest.from(request).build()).filter((matched) -> !matched)
			.flatMap((unmatched) -> allowedMethods(candidates, request));
	}

	private Mono<HandlerFunction<ServerResponse>> allowedMethods(List<RouterFunction<?>> candidates,
			ServerRequest request) {
		return Flux.fromIterable(METHODS)
			.filter((method) -> !method.equals(request.method()))
			.filterWhen((method) -> matchesAny(candidates, ServerRequest.from(request).method(method).build()))
			.collect(LinkedHashSet<HttpMethod>::new, Set::add)
			.filter((allowed) -> !allowed.isEmpty())
			.map((allowed) -> (ignored) -> Mono.error(new MethodNotAllowedException(request.method(), allowed)));
	}

	private static Mono<Boolean> matchesAny(List<RouterFunction<?>> candidates, ServerRequest request) {
		return Flux.fromIterable(candidates).concatMap((route) -> route.route(request)).hasElements();
	}

}
