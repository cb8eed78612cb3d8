package dev.library.i2c;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /i2c/buses}: the buses in use, their chips, whether each answered
 * and its transaction and error counts.
 *
 * @author Library
 */
public class I2cHandler {

	private final I2cBuses buses;

	public I2cHandler(I2cBuses buses) {
		this.buses = buses;
	}

	/**
	 * List the buses.
	 * @param request the request
	 * @return the buses
	 */
	public Mono<ServerResponse> buses(ServerRequest request) {
		return ServerResponse.ok().bodyValue(new BusList(this.buses.list()));
	}

	/**
	 * The body of {@code GET /i2c/buses}.
	 *
	 * @param buses the buses in use
	 */
	public record BusList(List<I2cBuses.Bus> buses) {

	}

}
