package dev.library.schema.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.library.core.autoconfigure.CoreAutoConfiguration;
import dev.library.core.component.ComponentDescriptor;
import dev.library.core.component.LibraryComponent;
import dev.library.schema.DefaultSchemaRegistry;
import dev.library.schema.SchemaDefinition;
import dev.library.schema.SchemaHandler;
import dev.library.schema.SchemaRegistry;
import dev.library.schema.SchemaResources;
import dev.library.schema.SchemaRoutes;
import dev.library.security.RouteAccess;
import dev.library.security.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.HttpMethod;

/**
 * Auto-configuration of the JSON Schema registry: the schemas from
 * {@code library.schemas.locations} and {@code library.schemas.definitions}, registered
 * at start-up, and the {@code /schemas} routes.
 *
 * @author Library
 */
@AutoConfiguration(after = CoreAutoConfiguration.class)
@ConditionalOnClass(com.networknt.schema.SchemaRegistry.class)
@EnableConfigurationProperties(SchemaProperties.class)
public final class SchemaAutoConfiguration {

	@Bean
	LibraryComponent schemasComponent() {
		return LibraryComponent.of(ComponentDescriptor.mandatory("schemas")
			.description("Registry of JSON Schemas and validation against them")
			.dependsOn("core")
			.build());
	}

	@Bean
	@ConditionalOnMissingBean(SchemaRegistry.class)
	DefaultSchemaRegistry schemaRegistry(SchemaProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<MeterRegistry> meters) {
		DefaultSchemaRegistry registry = new DefaultSchemaRegistry(properties.isFormatAssertions(),
				meters.getIfAvailable(CompositeMeterRegistry::new));
		List<SchemaDefinition> definitions = new ArrayList<>(SchemaResources
			.load(ResourcePatternUtils.getResourcePatternResolver(resourceLoader), properties.getLocations()));
		properties.getDefinitions()
			.forEach((name, json) -> definitions
				.add(SchemaDefinition.parse(name, json, "config:" + SchemaProperties.PREFIX + ".definitions." + name)));
		registry.registerAll(definitions);
		return registry;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class SchemaRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SchemaHandler schemaHandler(SchemaRegistry registry) {
			return new SchemaHandler(registry);
		}

		@Bean
		@RouterOperations({
				@RouterOperation(path = "/schemas", method = RequestMethod.GET, beanClass = SchemaHandler.class,
						beanMethod = "list",
						operation = @Operation(operationId = "listSchemas",
								summary = "List the registered JSON Schemas",
								description = "Every registered schema with its title, description, $id, draft and "
										+ "where it comes from, sorted by name.",
								tags = "schemas",
								responses = @ApiResponse(responseCode = "200", description = "The schemas",
										content = @Content(mediaType = "application/json",
												schema = @Schema(implementation = SchemaHandler.SchemasView.class))))),
				@RouterOperation(path = "/schemas/{name}", method = RequestMethod.GET, beanClass = SchemaHandler.class,
						beanMethod = "get",
						operation = @Operation(operationId = "getSchema", summary = "Get a JSON Schema document",
								tags = "schemas",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Schema name"),
								responses = {
										@ApiResponse(responseCode = "200", description = "The schema document",
												content = { @Content(mediaType = "application/schema+json"),
														@Content(mediaType = "application/json") }),
										@ApiResponse(responseCode = "404", description = "No schema of that name",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "406",
												description = "Neither application/schema+json nor application/json "
														+ "is acceptable",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))) })),
				@RouterOperation(path = "/schemas/{name}/validate", method = RequestMethod.POST,
						beanClass = SchemaHandler.class, beanMethod = "validate",
						operation = @Operation(operationId = "validateAgainstSchema",
								summary = "Validate a JSON document against a schema",
								description = "Answers 200 with every violation (JSON pointer, keyword, message) "
										+ "whether or not the document matches.",
								tags = "schemas",
								parameters = @Parameter(name = "name", in = ParameterIn.PATH, required = true,
										description = "Schema name"),
								requestBody = @RequestBody(required = true, description = "The JSON document",
										content = @Content(mediaType = "application/json")),
								responses = {
										@ApiResponse(responseCode = "200", description = "The validation result",
												content = @Content(mediaType = "application/json",
														schema = @Schema(
																implementation = SchemaHandler.ValidationView.class))),
										@ApiResponse(responseCode = "400",
												description = "The body is empty or not JSON",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "404", description = "No schema of that name",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "413", description = "The body is too large",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))),
										@ApiResponse(responseCode = "415", description = "The body is not JSON",
												content = @Content(mediaType = "application/problem+json",
														schema = @Schema(implementation = ProblemDetail.class))) })) })
		RouterFunction<ServerResponse> schemaRoutes(SchemaHandler handler) {
			return SchemaRoutes.create(handler);
		}

	}

	/**
	 * Who may call the schema routes: validating a document changes nothing, so it is a
	 * read.
	 */
	@Bean
	RouteAccess schemaRouteAccess() {
		return RouteAccess.of("schemas")
			.read("/schemas", "/schemas/*")
			.allow(HttpMethod.POST, Role.VIEWER, "/schemas/*/validate")
			.build();
	}

}
