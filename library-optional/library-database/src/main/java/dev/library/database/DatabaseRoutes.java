package dev.library.database;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the database component: {@code GET /database/tables} and {@code GET
 * /database/tables/{name}/rows}.
 *
 * @author Library
 */
public final class DatabaseRoutes {

	private DatabaseRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(DatabaseTableHandler handler) {
		return RouterFunctions.route()
			.GET("/database/tables", handler::list)
			.GET("/database/tables/{name}/rows", handler::rows)
			.build();
	}

}
