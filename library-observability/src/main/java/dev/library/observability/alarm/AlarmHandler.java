package dev.library.observability.alarm;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.QueryParameters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles the {@code /alarms} routes. Operator actions are made in the name of the
 * request's principal.
 *
 * @author Library
 */
public class AlarmHandler {

	private static final String ANONYMOUS = "anonymous";

	private static final int DEFAULT_LIMIT = 100;

	private static final int MAX_LIMIT = 1000;

	private static final Comparator<Alarm> ORDER = Comparator.comparing(Alarm::severity)
		.thenComparing(Alarm::changedAt, Comparator.reverseOrder());

	private final AlarmEngine engine;

	private final AlarmRepository repository;

	private final AlarmEventPublisher publisher;

	private final Duration heartbeatInterval;

	/**
	 * Create a new instance.
	 * @param engine the engine
	 * @param repository the history
	 * @param publisher the live transitions
	 * @param heartbeatInterval how often an idle stream gets a comment
	 */
	public AlarmHandler(AlarmEngine engine, AlarmRepository repository, AlarmEventPublisher publisher,
			Duration heartbeatInterval) {
		this.engine = engine;
		this.repository = repository;
		this.publisher = publisher;
		this.heartbeatInterval = heartbeatInterval;
	}

	/**
	 * List alarms, by default those not normal; filters {@code state}, {@code severity}
	 * (comma-separated), {@code area}, {@code tag} and {@code key}. Sorted by severity,
	 * then latest change first.
	 * @param request the request
	 * @return {@code 200} with {@link AlarmList}
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		Set<AlarmState> states = enums(request, "state", AlarmState.class);
		Set<AlarmSeverity> severities = enums(request, "severity", AlarmSeverity.class);
		String area = request.queryParam("area").filter((value) -> !value.isEmpty()).orElse(null);
		String tag = request.queryParam("tag").filter((value) -> !value.isEmpty()).orElse(null);
		String key = request.queryParam("key").filter((value) -> !value.isEmpty()).orElse(null);
		Predicate<Alarm> filter = (
				alarm) -> (states.isEmpty() ? alarm.state() != AlarmState.NORMAL : states.contains(alarm.state()))
						&& (severities.isEmpty() || severities.contains(alarm.severity()))
						&& (area == null || area.equals(alarm.area())) && (tag == null || alarm.tags().contains(tag))
						&& (key == null || key.equals(alarm.key()));
		List<Alarm> alarms = this.engine.alarms().stream().filter(filter).sorted(ORDER).toList();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(new AlarmList(alarms));
	}

	/**
	 * Return one alarm.
	 * @param request the request
	 * @return {@code 200} with the {@link Alarm}, or a 404 problem
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		String id = request.pathVariable("id");
		return this.engine.alarm(id)
			.map((alarm) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(alarm))
			.orElseGet(() -> Mono.error(new AlarmNotFoundException(id)));
	}

	/**
	 * List the definitions.
	 * @param request the request
	 * @return {@code 200} with {@link DefinitionList}
	 */
	public Mono<ServerResponse> definitions(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new DefinitionList(this.engine.definitions()));
	}

	/**
	 * Return a page of the history of transitions ({@code since}, {@code until},
	 * {@code limit}, {@code cursor}).
	 * @param request the request
	 * @return {@code 200} with {@link AlarmRepository.HistoryPage}
	 */
	public Mono<ServerResponse> history(ServerRequest request) {
		Instant since = instant(request, "since");
		Instant until = instant(request, "until");
		int limit = QueryParameters.integer(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
		String cursor = request.queryParam("cursor").filter((value) -> !value.isEmpty()).orElse(null);
		return this.repository.history(since, until, limit, cursor)
			.flatMap((page) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
	}

	/**
	 * Acknowledge an alarm; optional body {@code {"reason": "..."}}.
	 * @param request the request
	 * @return {@code 200} with the alarm, a 404 or a 409 problem
	 */
	public Mono<ServerResponse> acknowledge(ServerRequest request) {
		return act(request, (id, who, body) -> this.engine.acknowledge(id, who, reason(body)));
	}

	/**
	 * Shelve an alarm; body {@code {"duration": "PT30M", "reason": "..."}}.
	 * @param request the request
	 * @return {@code 200} with the alarm, a 400, 404 or 409 problem
	 */
	public Mono<ServerResponse> shelve(ServerRequest request) {
		return act(request, (id, who, body) -> this.engine.shelve(id, who, duration(body), reason(body)));
	}

	/**
	 * Unshelve an alarm; optional body {@code {"reason": "..."}}.
	 * @param request the request
	 * @return {@code 200} with the alarm, a 404 or a 409 problem
	 */
	public Mono<ServerResponse> unshelve(ServerRequest request) {
		return act(request, (id, who, body) -> this.engine.unshelve(id, who, reason(body)));
	}

	/**
	 * Take an alarm out of service; optional body {@code {"reason": "..."}}.
	 * @param request the request
	 * @return {@code 200} with the alarm, a 404 or a 409 problem
	 */
	public Mono<ServerResponse> outOfService(ServerRequest request) {
		return act(request, (id, who, body) -> this.engine.removeFromService(id, who, reason(body)));
	}

	/**
	 * Return an alarm to service; optional body {@code {"reason": "..."}}.
	 * @param request the request
	 * @return {@code 200} with the alarm, a 404 or a 409 problem
	 */
	public Mono<ServerResponse> inService(ServerRequest request) {
		return act(request, (id, who, body) -> this.engine.returnToService(id, who, reason(body)));
	}

	/**
	 * Stream the transitions as Server-Sent Events (event {@code transition}), with a
	 * heartbeat comment while idle.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> watch(ServerRequest request) {
		Flux<ServerSentEvent<Object>> events = this.publisher.events()
			.map((event) -> ServerSentEvent.builder()
				.id(Long.toString(event.transition().sequence()))
				.event("transition")
				.data(event)
				.build());
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.heartbeatInterval)
			.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build());
		Flux<ServerSentEvent<Object>> ready = Flux.just(ServerSentEvent.builder().comment("watching alarms").build());
		// Subscribed in order: the live events first, so that the first comment promises
		// that no later transition is missed
		Flux<ServerSentEvent<Object>> stream = Flux.merge(events, ready, heartbeats)
			.takeUntilOther(this.publisher.closed());
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(stream));
	}

	private Mono<ServerResponse> act(ServerRequest request, Action action) {
		String id = request.pathVariable("id");
		Mono<String> who = request.principal().map(Principal::getName).defaultIfEmpty(ANONYMOUS);
		Mono<JsonNode> body = request.bodyToMono(JsonNode.class).defaultIfEmpty(MissingNode.getInstance());
		return Mono.zip(who, body)
			// The engine is quick but takes a lock: keep contention off the event loop.
			.publishOn(Schedulers.boundedElastic())
			.map((whoAndBody) -> action.apply(id, whoAndBody.getT1(), whoAndBody.getT2()))
			.flatMap((alarm) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(alarm));
	}

	private static @Nullable String reason(JsonNode body) {
		JsonNode reason = body.path("reason");
		return reason.isString() ? reason.asString() : null;
	}

	private @Nullable Duration duration(JsonNode body) {
		JsonNode duration = body.path("duration");
		if (duration.isMissingNode() || duration.isNull()) {
			return null;
		}
		String text = duration.isValueNode() ? duration.asString() : duration.toString();
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidShelveDurationException(text, this.engine.maxShelveDuration());
		}
	}

	private static <E extends Enum<E>> Set<E> enums(ServerRequest request, String name, Class<E> type) {
		List<String> values = request.queryParams()
			.getOrDefault(name, List.of())
			.stream()
			.flatMap((value) -> Arrays.stream(value.split(",")))
			.map(String::trim)
			.filter((value) -> !value.isEmpty())
			.toList();
		Set<E> result = EnumSet.noneOf(type);
		for (String value : values) {
			try {
				result.add(Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_')));
			}
			catch (IllegalArgumentException ex) {
				String allowed = Arrays.stream(type.getEnumConstants())
					.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
					.collect(Collectors.joining(", "));
				throw new InvalidParameterException(name, "Query parameter '" + name + "' must be one of " + allowed
						+ ", got '" + abbreviate(value) + "'");
			}
		}
		return result;
	}

	private static @Nullable Instant instant(ServerRequest request, String name) {
		return request.queryParam(name).filter((value) -> !value.isEmpty()).map((value) -> {
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

	private static String abbreviate(String value) {
		return (value.length() > 64) ? value.substring(0, 64) + "..." : value;
	}

	@FunctionalInterface
	private interface Action {

		Alarm apply(String id, String who, JsonNode body);

	}

	/**
	 * Answer of {@code GET /alarms}.
	 *
	 * @param alarms the alarms, by severity then latest change first
	 */
	public record AlarmList(List<Alarm> alarms) {

	}

	/**
	 * Answer of {@code GET /alarms/definitions}.
	 *
	 * @param definitions the definitions, in configuration order
	 */
	public record DefinitionList(List<AlarmDefinition> definitions) {

	}

}
