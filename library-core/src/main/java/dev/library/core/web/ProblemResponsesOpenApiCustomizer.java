package dev.library.core.web;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;

/**
 * Documents the problem responses every route can give: a {@code Problem} schema (RFC
 * 9457) and, on every operation, the generic error responses that the platform's error
 * handling produces, unless the route documents its own.
 *
 * @author Library
 */
public class ProblemResponsesOpenApiCustomizer implements OpenApiCustomizer {

	static final String SCHEMA_NAME = "Problem";

	private static final List<HttpStatus> WRITE_ERRORS = List.of(HttpStatus.BAD_REQUEST, HttpStatus.CONTENT_TOO_LARGE,
			HttpStatus.UNSUPPORTED_MEDIA_TYPE);

	private static final List<HttpStatus> COMMON_ERRORS = List.of(HttpStatus.METHOD_NOT_ALLOWED,
			HttpStatus.INTERNAL_SERVER_ERROR);

	@Override
	public void customise(OpenAPI openApi) {
		openApi.schema(SCHEMA_NAME, problemSchema());
		if (openApi.getPaths() == null) {
			return;
		}
		for (PathItem path : openApi.getPaths().values()) {
			for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.readOperationsMap().entrySet()) {
				ApiResponses responses = entry.getValue().getResponses();
				if (responses == null) {
					responses = new ApiResponses();
					entry.getValue().setResponses(responses);
				}
				COMMON_ERRORS.forEach(addProblem(responses));
				if (entry.getKey() == PathItem.HttpMethod.POST || entry.getKey() == PathItem.HttpMethod.PUT
						|| entry.getKey() == PathItem.HttpMethod.PATCH) {
					WRITE_ERRORS.forEach(addProblem(responses));
				}
			}
		}
	}

	private static Consumer<HttpStatus> addProblem(ApiResponses responses) {
		return (status) -> {
			String code = String.valueOf(status.value());
			if (!responses.containsKey(code)) {
				responses.addApiResponse(code, problemResponse(status.getReasonPhrase()));
			}
		};
	}

	/**
	 * Return a response documented as a problem.
	 * @param description what the response means
	 * @return the response
	 */
	public static ApiResponse problemResponse(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA_NAME))));
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type",
					new StringSchema().format("uri")
						.description("Stable URI naming the kind of problem, under " + ProblemTypes.BASE))
			.addProperty("title", new StringSchema().description("Short summary of the kind of problem"))
			.addProperty("status", new IntegerSchema().description("HTTP status code"))
			.addProperty("detail", new StringSchema().description("What went wrong with this request"))
			.addProperty("instance", new StringSchema().format("uri-reference").description("The request path"));
	}

}
