package dev.library.schema;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * A schema to register: its name, its document and where it comes from.
 *
 * @param name the name, matching {@value SchemaRegistry#NAME_PATTERN}
 * @param schema the schema document
 * @param source where the schema comes from, such as
 * {@code classpath:schemas/plant.tank.schema.json}, {@code config:<property>} or
 * {@code component:<name>}
 * @author Library
 */
public record SchemaDefinition(String name, JsonNode schema, String source) {

	private static final JsonMapper STRICT_MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	public SchemaDefinition {
		Assert.notNull(name, "'name' must not be null");
		Assert.notNull(schema, "'schema' must not be null");
		Assert.hasText(source, "'source' must not be empty");
		schema = schema.deepCopy();
	}

	/**
	 * Return a copy of the schema document.
	 * @return the schema
	 */
	@Override
	public JsonNode schema() {
		return this.schema.deepCopy();
	}

	/**
	 * Read a schema from JSON text, refusing duplicate object keys.
	 * @param name the name
	 * @param json the schema as JSON text
	 * @param source where the text comes from
	 * @return the definition
	 * @throws SchemaRegistrationException naming the schema, its source and the position
	 * if the text is not one JSON document
	 */
	public static SchemaDefinition parse(String name, String json, String source) {
		if (json.isBlank()) {
			throw new SchemaRegistrationException(name, source, "it is empty");
		}
		try {
			return new SchemaDefinition(name, STRICT_MAPPER.readTree(json), source);
		}
		catch (JacksonException ex) {
			throw new SchemaRegistrationException(name, source, "it is not valid JSON: " + describe(ex), ex);
		}
	}

	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage().lines().findFirst().orElse("");
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
		}
		return message;
	}

}
