package dev.library.session;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the session registry: {@code GET /sessions} and {@code GET|DELETE
 * /sessions/{id}}.
 *
 * @author Library
 */
public final class SessionRoutes {

	private SessionRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(SessionHandler handler) {
		return RouterFunctions.route()
			.GET("/sessions", handler::list)
			.GET("/sessions/{id}", handler::get)
			.DELETE("/sessions/{id}", handler::close)
			.build();
	}

}
