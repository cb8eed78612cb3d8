package dev.library.core.web;

import java.util.Optional;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads typed query parameters, answering a wrong value with a 400 problem that names the
 * parameter.
 *
 * @author Library
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Read an optional integer parameter within bounds.
	 * @param request the request
	 * @param name the parameter name
	 * @param min the smallest value accepted
	 * @param max the largest value accepted
	 * @return the value, or empty if the parameter is absent
	 * @throws InvalidParameterException if the value is not an integer within bounds
	 */
	public static Optional<Integer> integer(ServerRequest request, String name, int min, int max) {
		return request.queryParam(name).map((value) -> {
			try {
				int parsed = Integer.parseInt(value.trim());
				if (parsed >= min && parsed <= max) {
					return parsed;
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw new InvalidParameterException(name, "Query parameter '" + name + "' must be an integer from " + min
					+ " to " + max + ", got '" + abbreviate(value) + "'");
		});
	}

	private static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

}
