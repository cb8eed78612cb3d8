package dev.library.adapters;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of adapters and devices: {@code GET /adapters}, {@code GET /adapters/{id}},
 * {@code POST /adapters/{id}/reconnect}, {@code GET /devices} and {@code GET
 * /devices/{id}}.
 *
 * @author Library
 */
public final class AdapterRoutes {

	private AdapterRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(AdapterHandler handler) {
		return RouterFunctions.route()
			.GET("/adapters", handler::list)
			.GET("/adapters/{id}", handler::get)
			.POST("/adapters/{id}/reconnect", handler::reconnect)
			.GET("/devices", handler::devices)
			.GET("/devices/{id}", handler::device)
			.build();
	}

}
