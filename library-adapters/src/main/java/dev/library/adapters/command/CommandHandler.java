package dev.library.adapters.command;

import java.security.Principal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.JsonRequestBody;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import dev.library.core.web.QueryParameters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Handles {@code POST /devices/{id}/points/{point}}, {@code GET /commands} and {@code GET
 * /commands/{id}}.
 * <p>
 * A command body is {@code {"value": <JSON value>, "commandId": "<optional id>"}}. The
 * answer is the command once it has a final status: 200 when confirmed, otherwise a
 * problem that carries {@code commandId} and {@code commandStatus}: 409 rejected (an
 * interlock, with the reason), 502 failed, 504 timed out. Who sent it is the request's
 * principal, or {@value #ANONYMOUS}.
 *
 * @author Library
 */
public class CommandHandler {

	/**
	 * Actor of a command sent without a principal.
	 */
	public static final String ANONYMOUS = "anonymous";

	private static final Set<String> FIELDS = Set.of("value", "commandId");

	private static final int DEFAULT_LIMIT = 100;

	private static final int MAX_LIMIT = 1000;

	private final CommandExecutor executor;

	private final CommandAuditLog audit;

	/**
	 * Create a handler.
	 * @param executor executes the commands
	 * @param audit the audit trail
	 */
	public CommandHandler(CommandExecutor executor, CommandAuditLog audit) {
		this.executor = executor;
		this.audit = audit;
	}

	/**
	 * Write a value to an output.
	 * @param request the request
	 * @return the confirmed command, or a problem
	 */
	public Mono<ServerResponse> write(ServerRequest request) {
		String device = request.pathVariable("id");
		String point = request.pathVariable("point");
		Mono<String> actor = request.principal().map(Principal::getName).defaultIfEmpty(ANONYMOUS);
		return JsonRequestBody.read(request, "{\"value\": <value>, \"commandId\": \"<optional id>\"}")
			.zipWith(actor)
			.flatMap((bodyAndActor) -> {
				JsonNode body = bodyAndActor.getT1();
				checkBody(body);
				JsonNode commandId = body.get("commandId");
				return this.executor.execute(device, point, body.get("value"),
						(commandId != null) ? commandId.stringValue() : null, bodyAndActor.getT2());
			})
			.flatMap((command) -> (command.status() == CommandStatus.CONFIRMED) ? ServerResponse.ok().bodyValue(command)
					: Mono.error(CommandProblems.of(command)));
	}

	/**
	 * List commands of the audit trail, newest first.
	 * @param request the request
	 * @return the commands
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		String device = request.queryParam("device").filter((value) -> !value.isBlank()).orElse(null);
		Instant since = request.queryParam("since").map(CommandHandler::instant).orElse(null);
		int limit = QueryParameters.integer(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
		return ServerResponse.ok().bodyValue(this.audit.query(device, since, limit));
	}

	/**
	 * Return one command.
	 * @param request the request
	 * @return the command
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		String id = request.pathVariable("id");
		Command command = this.audit.find(id).orElseThrow(() -> CommandProblems.commandNotFound(id));
		return ServerResponse.ok().bodyValue(command);
	}

	private static void checkBody(JsonNode body) {
		if (!body.isObject()) {
			throw malformed("The body must be a JSON object: {\"value\": <value>, \"commandId\": \"<optional id>\"}");
		}
		for (String field : body.propertyNames()) {
			if (!FIELDS.contains(field)) {
				throw malformed("Unknown field '" + CommandProblems.abbreviate(field)
						+ "'; a command has 'value' and, optionally, 'commandId'");
			}
		}
		JsonNode value = body.get("value");
		if (value == null || value.isNull()) {
			throw malformed("Field 'value' is missing: give the value to write");
		}
		JsonNode commandId = body.get("commandId");
		if (commandId != null && !commandId.isString()) {
			throw malformed("Field 'commandId' must be a string");
		}
	}

	private static ProblemException malformed(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed command",
				detail);
	}

	private static @Nullable Instant instant(String value) {
		if (value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException("since",
					"Query parameter 'since' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '"
							+ CommandProblems.abbreviate(value) + "'");
		}
	}

}
