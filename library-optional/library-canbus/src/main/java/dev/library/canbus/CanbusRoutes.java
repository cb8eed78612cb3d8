package dev.library.canbus;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the CAN buses: {@code GET /canbus/interfaces}, {@code GET /canbus/messages},
 * {@code GET /canbus/dbc} and {@code POST /canbus/dbc}.
 *
 * @author Library
 */
public final class CanbusRoutes {

	private CanbusRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(CanbusHandler handler) {
		return RouterFunctions.route()
			.GET("/canbus/interfaces", handler::interfaces)
			.GET("/canbus/messages", handler::messages)
			.GET("/canbus/dbc", handler::databases)
			.POST("/canbus/dbc", handler::uploadDatabase)
			.build();
	}

}
