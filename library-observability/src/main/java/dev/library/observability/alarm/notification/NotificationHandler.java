package dev.library.observability.alarm.notification;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /alarms/notifications}: the channels, the areas flooding and the
 * latest dead letters.
 *
 * @author Library
 */
public class NotificationHandler {

	private final NotificationDispatcher dispatcher;

	/**
	 * Create a new instance.
	 * @param dispatcher the dispatcher to describe
	 */
	public NotificationHandler(NotificationDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	/**
	 * Describe the channels and the latest dead letters.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> describe(ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("channels", this.dispatcher.channels());
		body.put("floodingAreas", this.dispatcher.floodingAreas());
		body.put("deadLetters", this.dispatcher.deadLetters());
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
