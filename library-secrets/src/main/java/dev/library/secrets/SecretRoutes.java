package dev.library.secrets;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the secrets component under {@code /secrets}.
 *
 * @author Library
 */
public final class SecretRoutes {

	private SecretRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(SecretHandler handler) {
		return RouterFunctions.route()
			.GET("/secrets", handler::list)
			.GET("/secrets/audit", handler::audit)
			.GET("/secrets/{name}", handler::read)
			.PUT("/secrets/{name}", handler::write)
			.DELETE("/secrets/{name}", handler::delete)
			.GET("/secrets/{name}/versions", handler::versions)
			.POST("/secrets/{name}/rotate", handler::rotate)
			.POST("/secrets/{name}/undelete", handler::undelete)
			.build();
	}

}
