package dev.library.schema;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A schema in the registry, with what it says about itself.
 *
 * @param name the name
 * @param source where it comes from, such as
 * {@code classpath:schemas/plant.tank.schema.json}
 * @param dialect the {@code $schema} IRI of the draft it is written in
 * @param id its {@code $id}, if it declares one
 * @param title its {@code title}, if it declares one
 * @param description its {@code description}, if it declares one
 * @param keyPrefix its {@value SchemaRegistry#KEY_PREFIX_KEYWORD}, if it declares one
 * @param schema the schema document (a copy)
 * @author Library
 */
public record RegisteredSchema(String name, String source, String dialect, @Nullable String id, @Nullable String title,
		@Nullable String description, @Nullable String keyPrefix, JsonNode schema) {

	public RegisteredSchema {
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

}
