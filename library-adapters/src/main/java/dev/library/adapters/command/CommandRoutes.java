package dev.library.adapters.command;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of commands: {@code POST /devices/{id}/points/{point}}, {@code GET /commands}
 * and {@code GET /commands/{id}}.
 *
 * @author Library
 */
public final class CommandRoutes {

	private CommandRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(CommandHandler handler) {
		return RouterFunctions.route()
			.POST("/devices/{id}/points/{point}", handler::write)
			.GET("/commands", handler::list)
			.GET("/commands/{id}", handler::get)
			.build();
	}

}
