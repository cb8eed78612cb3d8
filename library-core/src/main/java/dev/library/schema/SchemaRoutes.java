package dev.library.schema;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the schema registry: {@code GET /schemas}, {@code GET /schemas/{name}} and
 * {@code POST /schemas/{name}/validate}.
 *
 * @author Library
 */
public final class SchemaRoutes {

	private SchemaRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(SchemaHandler handler) {
		return RouterFunctions.route()
			.GET("/schemas", handler::list)
			.GET("/schemas/{name}", handler::get)
			.POST("/schemas/{name}/validate", handler::validate)
			.build();
	}

}
