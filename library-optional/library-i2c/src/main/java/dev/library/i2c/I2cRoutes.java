package dev.library.i2c;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the i2c component: {@code GET /i2c/buses}, {@code POST
 * /i2c/buses/{bus}/scan}.
 *
 * @author Library
 */
public final class I2cRoutes {

	private I2cRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(I2cHandler handler) {
		return RouterFunctions.route()
			.GET("/i2c/buses", handler::buses)
			.POST("/i2c/buses/{bus}/scan", handler::scan)
			.build();
	}

}
