package dev.library.observability.alarm;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the alarms under {@code /alarms}.
 *
 * @author Library
 */
public final class AlarmRoutes {

	private AlarmRoutes() {
	}

	/**
	 * Create the routes.
	 * @param handler handles them
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> create(AlarmHandler handler) {
		return RouterFunctions.route()
			.GET("/alarms", handler::list)
			.GET("/alarms/history", handler::history)
			.GET("/alarms/definitions", handler::definitions)
			.GET("/alarms/watch", handler::watch)
			.GET("/alarms/stream", handler::watch)
			.GET("/alarms/{id}", handler::get)
			.POST("/alarms/{id}/acknowledge", handler::acknowledge)
			.POST("/alarms/{id}/ack", handler::acknowledge)
			.POST("/alarms/{id}/shelve", handler::shelve)
			.POST("/alarms/{id}/unshelve", handler::unshelve)
			.POST("/alarms/{id}/out-of-service", handler::outOfService)
			.POST("/alarms/{id}/in-service", handler::inService)
			.build();
	}

}
