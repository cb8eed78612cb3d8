package dev.library.state;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the state store: {@code GET /state}, {@code GET /state/watch},
 * {@code GET|PUT|DELETE /state/{key}} and {@code GET /events}.
 *
 * @author Library
 */
public final class StateRoutes {

	private StateRoutes() {
	}

	/**
	 * Create the routes. A key is the rest of the path after {@code /state/}, so that a
	 * key with an illegal character (even {@code /}) gets a 400 problem naming the rule
	 * rather than a 404.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(StateHandler handler) {
		return RouterFunctions.route()
			.GET("/state", handler::list)
			.GET("/state/watch", handler::watch)
			.GET("/state/{*key}", handler::get)
			.PUT("/state/{*key}", handler::put)
			.DELETE("/state/{*key}", handler::delete)
			.GET("/events", handler::events)
			.build();
	}

}
