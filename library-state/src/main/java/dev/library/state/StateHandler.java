package dev.library.state;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.JsonRequestBody;
import dev.library.core.web.QueryParameters;
import dev.library.session.Session;
import dev.library.session.SessionRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code /state}, {@code /state/{key}}, {@code /state/watch} and {@code /events}.
 * <p>
 * Writes name their source in the {@value #SOURCE_HEADER} header (default
 * {@value #DEFAULT_SOURCE}) and the quality of the value in {@value #QUALITY_HEADER}
 * ({@code GOOD}, {@code UNCERTAIN} or {@code BAD}, default {@code GOOD}). The
 * {@code ETag} of a value is its version in quotes; {@code If-Match} makes a write
 * conditional on it.
 * <p>
 * As a {@link SmartLifecycle} it ends the watch streams when the application shuts down,
 * before the web server waits for open requests to finish.
 * <p>
 * With a {@link SessionRegistry}, each watch stream is a session of kind
 * {@value #WATCHER_SESSION_KIND}, touched on every change sent; when the registry closes
 * it (forced, idle timeout, maximum lifetime, shutdown) the stream ends with a
 * {@code closed} event.
 *
 * @author Library
 */
public class StateHandler implements SmartLifecycle {

	/**
	 * Header naming who writes.
	 */
	public static final String SOURCE_HEADER = "X-Library-Source";

	/**
	 * Header giving the quality of the value written.
	 */
	public static final String QUALITY_HEADER = "X-Library-Quality";

	/**
	 * Header giving the sequence of the change a write made.
	 */
	public static final String SEQUENCE_HEADER = "X-Library-Sequence";

	/**
	 * Source of writes that do not name one.
	 */
	public static final String DEFAULT_SOURCE = "api";

	/**
	 * Session kind of a watch stream.
	 */
	public static final String WATCHER_SESSION_KIND = "api-watcher";

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private static final int DEFAULT_LIMIT = 100;

	private static final int MAX_LIMIT = 1000;

	private static final ServerSentEvent<Object> END = ServerSentEvent.builder().comment("end").build();

	private final StateStore store;

	private final Duration heartbeatInterval;

	private volatile Sinks.One<Boolean> shutdown = Sinks.one();

	private volatile @Nullable SessionRegistry sessions;

	private volatile boolean running;

	private volatile boolean shuttingDown;

	/**
	 * Create a new handler.
	 * @param store the store
	 * @param heartbeatInterval interval of the comments sent on idle watch streams
	 */
	public StateHandler(StateStore store, Duration heartbeatInterval) {
		this.store = store;
		this.heartbeatInterval = heartbeatInterval;
	}

	/**
	 * Register each watch stream as a session in the given registry.
	 * @param sessions the registry, or {@code null} for none
	 */
	public void setSessionRegistry(@Nullable SessionRegistry sessions) {
		this.sessions = sessions;
	}

	/**
	 * List the values under a prefix, one page at a time.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		String prefix = prefix(request);
		int limit = QueryParameters.integer(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
		String cursor = request.queryParam("cursor").orElse(null);
		return this.store.list(prefix, limit, cursor)
			.flatMap((page) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
	}

	/**
	 * Return the value of a key, with its version as {@code ETag}.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		String key = key(request);
		List<String> ifNoneMatch = request.headers().header(HttpHeaders.IF_NONE_MATCH);
		return this.store.get(key).switchIfEmpty(Mono.error(() -> new StateNotFoundException(key))).flatMap((value) -> {
			if (matchesAny(ifNoneMatch, value.version())) {
				return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(etag(value.version())).build();
			}
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.eTag(etag(value.version()))
				.bodyValue(value);
		});
	}

	/**
	 * Write the JSON request body as the value of a key: 201 if the key is created, 200
	 * otherwise. {@code If-Match: "<version>"} writes only at that version,
	 * {@code If-Match: *} only if the key exists, {@code If-None-Match: *} only if it
	 * does not; a failed condition is a 412 problem.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> put(ServerRequest request) {
		String key = StateKeys.validate(key(request));
		String source = source(request);
		Quality quality = quality(request);
		Condition condition = condition(request, true);
		return JsonRequestBody.read(request, "the value as JSON")
			.flatMap((value) -> write(key, condition, value, source, quality))
			.flatMap((change) -> {
				ServerResponse.BodyBuilder response = change.created()
						? ServerResponse.created(URI.create("/state/" + key)) : ServerResponse.ok();
				return response.contentType(MediaType.APPLICATION_JSON)
					.eTag(etag(change.version()))
					.header(SEQUENCE_HEADER, Long.toString(change.sequence()))
					.bodyValue(change.toValue());
			});
	}

	private Mono<StateChange> write(String key, Condition condition, JsonNode value, String source, Quality quality) {
		return switch (condition.kind()) {
			case NONE -> this.store.put(key, value, source, quality);
			case VERSION -> this.store.compareAndSet(key, condition.version(), value, source, quality);
			case ABSENT -> this.store.compareAndSet(key, StateStore.ABSENT, value, source, quality);
			case EXISTS -> this.store.get(key)
				.switchIfEmpty(Mono.error(() -> mustExist(key)))
				.flatMap((current) -> this.store.compareAndSet(key, current.version(), value, source, quality));
			case NEVER -> currentVersion(key).flatMap((current) -> Mono.error(weakTag(key, current)));
		};
	}

	/**
	 * Delete a key: 204, or a 404 problem if it does not exist. {@code If-Match} makes
	 * the delete conditional.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> delete(ServerRequest request) {
		String key = StateKeys.validate(key(request));
		String source = source(request);
		Condition condition = condition(request, false);
		Mono<StateChange> deleted = switch (condition.kind()) {
			case VERSION -> this.store.delete(key, condition.version(), source);
			case EXISTS -> this.store.delete(key, source).switchIfEmpty(Mono.error(() -> mustExist(key)));
			case NEVER -> currentVersion(key).flatMap((current) -> Mono.error(weakTag(key, current)));
			default -> this.store.delete(key, source).switchIfEmpty(Mono.error(() -> new StateNotFoundException(key)));
		};
		return deleted.flatMap((change) -> ServerResponse.noContent()
			.header(SEQUENCE_HEADER, Long.toString(change.sequence()))
			.build());
	}

	private Mono<Long> currentVersion(String key) {
		return this.store.get(key).map(StateValue::version).defaultIfEmpty(0L);
	}

	private static StateVersionConflictException mustExist(String key) {
		return new StateVersionConflictException(key, -1, 0,
				"Key '" + key + "' was expected to exist (If-Match: *), but it does not");
	}

	private static StateVersionConflictException weakTag(String key, long current) {
		return new StateVersionConflictException(key, -1, current,
				"If-Match of key '" + key
						+ "' names a weak entity tag, which never matches; send the ETag as returned, such as \""
						+ current + "\"");
	}

	/**
	 * Stream the changes under a prefix as Server-Sent Events, each with its sequence as
	 * event id, resuming after {@code Last-Event-ID} (or the {@code after} query
	 * parameter) when given.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> watch(ServerRequest request) {
		String prefix = prefix(request);
		Long after = lastEventId(request);
		if (this.shuttingDown) {
			return Mono.error(new StateStoreUnavailableException("The server is shutting down"));
		}
		Flux<ServerSentEvent<Object>> changes = stream(prefix, after).concatWith(Mono.just(END));
		Flux<ServerSentEvent<Object>> ready = Mono
			.fromSupplier(() -> ServerSentEvent.builder()
				.comment("watching " + (prefix.isEmpty() ? "every key" : "'" + prefix + "'"))
				.build())
			.flux();
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.heartbeatInterval)
			.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build());
		Flux<ServerSentEvent<Object>> shutdown = this.shutdown.asMono()
			.map((ignored) -> control("closed", Map.of("reason", "The server is shutting down")))
			.concatWith(Mono.just(END));
		Flux<ServerSentEvent<Object>> events = Flux.merge(32, changes, ready, heartbeats, shutdown)
			.takeWhile((event) -> event != END);
		SessionRegistry sessions = this.sessions;
		if (sessions != null) {
			events = asSession(sessions, request, prefix, after, events);
		}
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(events));
	}

	private static Flux<ServerSentEvent<Object>> asSession(SessionRegistry sessions, ServerRequest request,
			String prefix, @Nullable Long after, Flux<ServerSentEvent<Object>> events) {
		return Flux.defer(() -> {
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("prefix", prefix);
			if (after != null) {
				attributes.put("after", Long.toString(after));
			}
			String owner = request.remoteAddress()
				.map((address) -> "client:" + address.getHostString())
				.orElse("client");
			Sinks.One<ServerSentEvent<Object>> closed = Sinks.one();
			Session session;
			try {
				session = sessions.open(WATCHER_SESSION_KIND, owner, attributes, (info, reason) -> closed.tryEmitValue(
						control("closed", Map.of("reason", "The session was closed (" + reason.tag() + ")"))));
			}
			catch (IllegalStateException ex) {
				// The registry is stopping: the stream is being shut down as well.
				return events;
			}
			Flux<ServerSentEvent<Object>> end = closed.asMono().flux().concatWith(Mono.just(END));
			return Flux.merge(events.concatWith(Mono.just(END)), end)
				.takeWhile((event) -> event != END)
				.doOnNext((event) -> {
					if (event.id() != null) {
						session.touch();
					}
				})
				.doFinally((signal) -> session.close());
		});
	}

	private Flux<ServerSentEvent<Object>> stream(String prefix, @Nullable Long after) {
		Flux<StateChange> changes = (after != null) ? this.store.watch(prefix, after) : this.store.watch(prefix);
		return changes.map(StateHandler::event)
			.concatWith(Mono.fromSupplier(() -> control("closed", Map.of("reason", "The state store stopped"))))
			.onErrorResume(StateHistoryUnavailableException.class,
					(ex) -> Flux.concat(Mono.just(historyUnavailable(ex)), stream(prefix, ex.getResumeAfter())))
			.onErrorResume(StateWatchDroppedException.class, (ex) -> Mono.just(dropped(ex)));
	}

	private static ServerSentEvent<Object> event(StateChange change) {
		return ServerSentEvent.<Object>builder(change).id(Long.toString(change.sequence())).event("change").build();
	}

	private static ServerSentEvent<Object> historyUnavailable(StateHistoryUnavailableException ex) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", ex.getReason().name().toLowerCase(Locale.ROOT));
		data.put("requestedId", ex.getRequested());
		data.put("resumedAfter", ex.getResumeAfter());
		data.put("detail", ex.getMessage() + "; read the current state again (GET /state)");
		return control("history-unavailable", data);
	}

	private static ServerSentEvent<Object> dropped(StateWatchDroppedException ex) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", "slow-consumer");
		data.put("lastEventId", ex.getLastSequence());
		data.put("bufferSize", ex.getBufferSize());
		data.put("detail", "This stream fell behind by more than " + ex.getBufferSize()
				+ " changes and was closed; reconnect with Last-Event-ID to resume without missing any");
		return control("dropped", data);
	}

	private static ServerSentEvent<Object> control(String name, Object data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

	/**
	 * Page through the event log.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> events(ServerRequest request) {
		String key = request.queryParam("key").map((value) -> parameterKey("key", value, false)).orElse(null);
		String prefix = request.queryParam("prefix").map((value) -> parameterKey("prefix", value, true)).orElse(null);
		if (key != null && prefix != null) {
			throw new InvalidParameterException("prefix", "Give either query parameter 'key' or 'prefix', not both");
		}
		Instant since = instant(request, "since");
		Instant until = instant(request, "until");
		if (since != null && until != null && !until.isAfter(since)) {
			throw new InvalidParameterException("until", "Query parameter 'until' must be after 'since'");
		}
		int limit = QueryParameters.integer(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
		String cursor = request.queryParam("cursor").orElse(null);
		return this.store.events(new EventQuery(key, prefix, since, until, limit, cursor))
			.flatMap((page) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
	}

	private static String key(ServerRequest request) {
		String path = request.pathVariable("key");
		return path.startsWith("/") ? path.substring(1) : path;
	}

	private static String prefix(ServerRequest request) {
		return request.queryParam("prefix").map((value) -> parameterKey("prefix", value, true)).orElse("");
	}

	private static String parameterKey(String parameter, String value, boolean prefix) {
		try {
			return prefix ? StateKeys.validatePrefix(value) : StateKeys.validate(value);
		}
		catch (InvalidStateKeyException ex) {
			throw new InvalidParameterException(parameter,
					"Query parameter '" + parameter + "': " + ex.getBody().getDetail());
		}
	}

	private static String source(ServerRequest request) {
		String source = request.headers().firstHeader(SOURCE_HEADER);
		if (source == null) {
			return DEFAULT_SOURCE;
		}
		boolean valid = !source.isBlank() && source.length() <= 128;
		for (int i = 0; valid && i < source.length(); i++) {
			char c = source.charAt(i);
			valid = c >= 0x20 && c < 0x7f;
		}
		if (!valid) {
			throw new InvalidParameterException(SOURCE_HEADER,
					"Header '" + SOURCE_HEADER + "' must be 1 to 128 printable ASCII characters");
		}
		return source;
	}

	private static Quality quality(ServerRequest request) {
		String quality = request.headers().firstHeader(QUALITY_HEADER);
		if (quality == null) {
			return Quality.GOOD;
		}
		try {
			return Quality.valueOf(quality.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException(QUALITY_HEADER, "Header '" + QUALITY_HEADER
					+ "' must be GOOD, UNCERTAIN or BAD, got '" + abbreviate(quality) + "'");
		}
	}

	private static @Nullable Long lastEventId(ServerRequest request) {
		String header = request.headers().firstHeader(LAST_EVENT_ID);
		if (header != null && !header.isBlank()) {
			return sequence(LAST_EVENT_ID, "Header", header);
		}
		return request.queryParam("after").map((value) -> sequence("after", "Query parameter", value)).orElse(null);
	}

	private static long sequence(String name, String kind, String value) {
		try {
			long sequence = Long.parseLong(value.trim());
			if (sequence >= 0) {
				return sequence;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidParameterException(name,
				kind + " '" + name + "' must be the id of an event of this stream (a non-negative integer), got '"
						+ abbreviate(value) + "'");
	}

	private static @Nullable Instant instant(ServerRequest request, String name) {
		return request.queryParam(name).map((value) -> {
			try {
				return Instant.parse(value.trim());
			}
			catch (DateTimeParseException ex) {
				try {
					return OffsetDateTime.parse(value.trim()).toInstant();
				}
				catch (DateTimeParseException ex2) {
					throw new InvalidParameterException(name,
							"Query parameter '" + name
									+ "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '"
									+ abbreviate(value) + "'");
				}
			}
		}).orElse(null);
	}

	private static Condition condition(ServerRequest request, boolean allowIfNoneMatch) {
		List<String> ifMatch = tags(request.headers().header(HttpHeaders.IF_MATCH));
		List<String> ifNoneMatch = tags(request.headers().header(HttpHeaders.IF_NONE_MATCH));
		if (!ifNoneMatch.isEmpty()) {
			if (!allowIfNoneMatch || !ifMatch.isEmpty() || !ifNoneMatch.equals(List.of("*"))) {
				throw new InvalidParameterException(HttpHeaders.IF_NONE_MATCH, "Header 'If-None-Match' is only "
						+ "supported on PUT, as 'If-None-Match: *' (create only), without If-Match");
			}
			return new Condition(ConditionKind.ABSENT, 0);
		}
		if (ifMatch.isEmpty()) {
			return new Condition(ConditionKind.NONE, 0);
		}
		if (ifMatch.size() > 1) {
			throw new InvalidParameterException(HttpHeaders.IF_MATCH,
					"Header 'If-Match' must name one version, such as \"3\", or be *");
		}
		String tag = ifMatch.get(0);
		if (tag.equals("*")) {
			return new Condition(ConditionKind.EXISTS, 0);
		}
		if (tag.startsWith("W/")) {
			// weak tags never match If-Match (RFC 9110, strong comparison)
			return new Condition(ConditionKind.NEVER, 0);
		}
		Long version = version(tag);
		if (version == null || version < 1) {
			throw new InvalidParameterException(HttpHeaders.IF_MATCH, "Header 'If-Match' must be a version in quotes "
					+ "as returned in ETag, such as \"3\", got '" + abbreviate(tag) + "'");
		}
		return new Condition(ConditionKind.VERSION, version);
	}

	private static boolean matchesAny(List<String> ifNoneMatch, long version) {
		for (String tag : tags(ifNoneMatch)) {
			String strong = tag.startsWith("W/") ? tag.substring(2) : tag;
			Long candidate = version(strong);
			if (tag.equals("*") || (candidate != null && candidate == version)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> tags(List<String> headers) {
		List<String> tags = new ArrayList<>();
		for (String header : headers) {
			for (String tag : header.split(",")) {
				if (!tag.isBlank()) {
					tags.add(tag.trim());
				}
			}
		}
		return tags;
	}

	private static @Nullable Long version(String tag) {
		if (tag.length() < 3 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
			return null;
		}
		try {
			return Long.parseLong(tag.substring(1, tag.length() - 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String etag(long version) {
		return "\"" + version + "\"";
	}

	private static String abbreviate(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

	@Override
	public void start() {
		if (this.shuttingDown) {
			this.shutdown = Sinks.one();
			this.shuttingDown = false;
		}
		this.running = true;
	}

	/**
	 * End every watch stream with a {@code closed} event.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.shuttingDown = true;
		this.shutdown.tryEmitValue(Boolean.TRUE);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private enum ConditionKind {

		NONE, VERSION, EXISTS, ABSENT, NEVER

	}

	private record Condition(ConditionKind kind, long version) {

	}

}
