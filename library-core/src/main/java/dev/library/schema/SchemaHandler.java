package dev.library.schema;

import java.util.List;

import dev.library.core.web.JsonRequestBody;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * Handles {@code GET /schemas}, {@code GET /schemas/{name}} and {@code POST
 * /schemas/{name}/validate}.
 *
 * @author Library
 */
public class SchemaHandler {

	/**
	 * Media type of a JSON Schema document.
	 */
	public static final MediaType APPLICATION_SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

	private static final List<MediaType> SCHEMA_MEDIA_TYPES = List.of(APPLICATION_SCHEMA_JSON,
			MediaType.APPLICATION_JSON);

	private final SchemaRegistry registry;

	public SchemaHandler(SchemaRegistry registry) {
		this.registry = registry;
	}

	/**
	 * List every registered schema.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> list(ServerRequest request) {
		List<SchemaSummary> schemas = this.registry.schemas().stream().map(SchemaSummary::of).toList();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(new SchemasView(schemas));
	}

	/**
	 * Return one schema document, as {@code application/schema+json} unless the client
	 * accepts only {@code application/json}.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> get(ServerRequest request) {
		RegisteredSchema schema = schema(request);
		MediaType mediaType = mediaType(request.headers().accept());
		return ServerResponse.ok().contentType(mediaType).bodyValue(schema.schema());
	}

	/**
	 * Validate the JSON request body against a schema and return every violation. A
	 * document that does not match is a 200 answer with {@code valid: false}: the client
	 * asked whether it matches.
	 * @param request the request
	 * @return the response
	 */
	public Mono<ServerResponse> validate(ServerRequest request) {
		String name = schema(request).name();
		return JsonRequestBody.read(request, "the JSON document to validate")
			.map((document) -> ValidationView.of(this.registry.validate(name, document)))
			.flatMap((view) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(view));
	}

	private RegisteredSchema schema(ServerRequest request) {
		String name = request.pathVariable("name");
		return this.registry.schema(name).orElseThrow(() -> new SchemaNotFoundException(name));
	}

	private static MediaType mediaType(List<MediaType> accepted) {
		if (accepted.isEmpty()) {
			return APPLICATION_SCHEMA_JSON;
		}
		for (MediaType candidate : SCHEMA_MEDIA_TYPES) {
			for (MediaType acceptable : accepted) {
				if (acceptable.getQualityValue() > 0 && acceptable.isCompatibleWith(candidate)) {
					return candidate;
				}
			}
		}
		throw new NotAcceptableStatusException(SCHEMA_MEDIA_TYPES);
	}

	/**
	 * Response of {@code GET /schemas}.
	 *
	 * @param schemas the registered schemas, sorted by name
	 */
	public record SchemasView(List<SchemaSummary> schemas) {

	}

	/**
	 * One registered schema, without its document.
	 *
	 * @param name the name, as used in {@code /schemas/{name}}
	 * @param title its {@code title}
	 * @param description its {@code description}
	 * @param source where it comes from, such as
	 * {@code classpath:schemas/plant.tank.schema.json}
	 * @param id its {@code $id}
	 * @param dialect the draft it is written in
	 * @param keyPrefix the key prefix whose values it describes
	 */
	public record SchemaSummary(String name, @Nullable String title, @Nullable String description, String source,
			@Nullable String id, String dialect, @Nullable String keyPrefix) {

		static SchemaSummary of(RegisteredSchema schema) {
			return new SchemaSummary(schema.name(), schema.title(), schema.description(), schema.source(), schema.id(),
					schema.dialect(), schema.keyPrefix());
		}

	}

	/**
	 * Response of {@code POST /schemas/{name}/validate}.
	 *
	 * @param schema the schema name
	 * @param valid whether the document matches the schema
	 * @param violations every violation, empty when valid
	 */
	public record ValidationView(String schema, boolean valid, List<SchemaValidationResult.Violation> violations) {

		static ValidationView of(SchemaValidationResult result) {
			return new ValidationView(result.schema(), result.valid(), result.violations());
		}

	}

}
