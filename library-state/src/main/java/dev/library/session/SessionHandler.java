package dev.library.session;

import java.util.List;
import java.util.regex.Pattern;

import dev.library.core.web.InvalidParameterException;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code GET /sessions}, {@code GET /sessions/{id}} and {@code DELETE
 * /sessions/{id}}.
 *
 * @author Library
 */
public class SessionHandler {

	private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

	private final SessionRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry the registry
	 */
	public SessionHandler(SessionRegistry registry) {
		this.registry = registry;
	}

	/**
	 * List the open sessions, optionally of one kind ({@code ?kind=}).
	 * @param request the request
	 * @return {@code 200} with {@link SessionList}
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		String kind = request.queryParam("kind").filter((value) -> !value.isEmpty()).orElse(null);
		if (kind != null && !KIND.matcher(kind).matches()) {
			return Mono.error(new InvalidParameterException("kind",
					"A kind is 1 to 64 lower-case letters, digits and '-', starting with a letter"));
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new SessionList(this.registry.list(kind)));
	}

	/**
	 * Return one session.
	 * @param request the request
	 * @return {@code 200} with {@link SessionInfo}, or a 404 problem
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		String id = request.pathVariable("id");
		return this.registry.get(id)
			.map((info) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(info))
			.orElseGet(() -> Mono.error(new SessionNotFoundException(id)));
	}

	/**
	 * Force a session closed: its owner's close callback runs (an SSE stream ends, a
	 * connection closes).
	 * @param request the request
	 * @return {@code 204}, or a 404 problem
	 */
	public Mono<ServerResponse> close(ServerRequest request) {
		String id = request.pathVariable("id");
		if (!this.registry.forceClose(id, SessionCloseReason.FORCED)) {
			return Mono.error(new SessionNotFoundException(id));
		}
		return ServerResponse.noContent().build();
	}

	/**
	 * Answer of {@code GET /sessions}.
	 *
	 * @param sessions the open sessions, oldest first
	 */
	public record SessionList(List<SessionInfo> sessions) {

	}

}
