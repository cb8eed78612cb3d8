package dev.library.database;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.core.web.InvalidParameterException;
import dev.library.core.web.ProblemException;
import dev.library.core.web.ProblemTypes;
import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.library.core.web.QueryParameters;

/**
 * Handles {@code GET /database/tables} (the declared tables with their row counts) and
 * {@code GET /database/tables/{name}/rows?since=&limit=&cursor=} (one page of rows; the
 * {@code nextCursor} of a page asks for the next one).
 *
 * @author Library
 */
public class DatabaseTableHandler {

	private final DatabaseTables tables;

	public DatabaseTableHandler(DatabaseTables tables) {
		this.tables = tables;
	}

	/**
	 * List the declared tables with their columns and row counts.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		return this.tables.rowCounts().map((counts) -> {
			List<Map<String, Object>> body = this.tables.tables().stream().map((table) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("name", table.name());
				entry.put("columns",
						table.columns()
							.stream()
							.map((column) -> Map.of("name", column.name(), "type", column.type().name().toLowerCase(),
									"nullable", column.nullable()))
							.toList());
				entry.put("primaryKey", table.primaryKey());
				if (table.timeColumn() != null) {
					entry.put("timeColumn", table.timeColumn());
				}
				if (table.retention() != null) {
					entry.put("retention", table.retention().toString());
				}
				entry.put("rowCount", counts.getOrDefault(table.name(), 0L));
				return entry;
			}).toList();
			return Map.of("tables", body);
		})
			.onErrorMap(R2dbcException.class, DatabaseTableHandler::unavailable)
			.flatMap((body) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	/**
	 * Page the rows of a declared table.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> rows(ServerRequest request) {
		String name = request.pathVariable("name");
		TableDefinition table = this.tables.table(name);
		if (table == null) {
			return Mono.error(new TableNotFoundException(name));
		}
		int limit = QueryParameters.integer(request, "limit", 1, 1000).orElse(100);
		Instant since = since(request, table);
		String cursor = request.queryParam("cursor").orElse(null);
		return this.tables.rows(table, since, cursor, limit)
			.onErrorMap(R2dbcException.class, DatabaseTableHandler::unavailable)
			.flatMap((page) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("table", table.name());
				body.put("rows", page.rows());
				if (page.nextCursor() != null) {
					body.put("nextCursor", page.nextCursor());
				}
				return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
			});
	}

	private static @Nullable Instant since(ServerRequest request, TableDefinition table) {
		String value = request.queryParam("since").orElse(null);
		if (value == null) {
			return null;
		}
		if (table.timeColumn() == null) {
			throw new InvalidParameterException("since",
					"Table '" + table.name() + "' has no time-column, so query parameter 'since' cannot be used");
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException("since",
					"Query parameter 'since' must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
		}
	}

	private static ProblemException unavailable(Throwable ex) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
				"Database unavailable", "PostgreSQL cannot be reached; retry later", ex);
	}

}
