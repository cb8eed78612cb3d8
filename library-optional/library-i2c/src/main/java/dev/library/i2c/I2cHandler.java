package dev.library.i2c;

import java.util.List;

import dev.library.core.web.InvalidParameterException;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /i2c/buses}: the buses in use, their chips, whether each answered
 * and its transaction and error counts; and {@code POST /i2c/buses/{bus}/scan}: what
 * answers on a bus.
 *
 * @author Library
 */
public class I2cHandler {

	private final I2cBuses buses;

	private final I2cBusScanner scanner;

	public I2cHandler(I2cBuses buses, I2cBusScanner scanner) {
		this.buses = buses;
		this.scanner = scanner;
	}

	/**
	 * Scan a bus.
	 * @param request the request, with the bus number in the path
	 * @return what answered
	 */
	public Mono<ServerResponse> scan(ServerRequest request) {
		String text = request.pathVariable("bus");
		int bus;
		try {
			bus = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			bus = -1;
		}
		if (bus < 0 || bus > 255) {
			return Mono.error(new InvalidParameterException("bus", "The bus must be a number from 0 to 255"));
		}
		return this.scanner.scan(bus).flatMap((scan) -> ServerResponse.ok().bodyValue(scan));
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
