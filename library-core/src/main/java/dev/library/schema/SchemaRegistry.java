package dev.library.schema;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Registry of named JSON Schemas and validation of JSON documents against them.
 * <p>
 * Schemas come from files on the classpath, from configuration and from components, which
 * register their own at start-up. Each has a name matching {@value #NAME_PATTERN}, a
 * source saying where it came from ({@code classpath:schemas/plant.tank.schema.json},
 * {@code config:...}, {@code component:<name>}), and is written in draft 2020-12 unless
 * its {@code $schema} names another supported draft (04, 06, 07, 2019-09).
 * <p>
 * A schema may refer to another registered schema with {@code $ref}, by the other's
 * {@code $id} or by {@code urn:library:schema:<name>}. A schema that declares
 * {@value #KEY_PREFIX_KEYWORD} applies to the values stored under keys starting with that
 * prefix (see {@link #schemaForKey(String)}).
 * <p>
 * Implementations are thread-safe: registration may run while other threads validate.
 *
 * @author Library
 */
public interface SchemaRegistry {

	/**
	 * Pattern every schema name matches.
	 */
	String NAME_PATTERN = "[a-z0-9][a-z0-9._-]*";

	/**
	 * Schema keyword naming the key prefix whose values the schema describes.
	 */
	String KEY_PREFIX_KEYWORD = "x-library-key-prefix";

	/**
	 * Prefix of the {@code $ref} IRIs that name a registered schema.
	 */
	String NAME_IRI_PREFIX = "urn:library:schema:";

	/**
	 * Return every registered schema, sorted by name.
	 * @return the schemas
	 */
	List<RegisteredSchema> schemas();

	/**
	 * Return the schema of the given name.
	 * @param name the name
	 * @return the schema, or empty if none of that name is registered
	 */
	Optional<RegisteredSchema> schema(String name);

	/**
	 * Return the schema that applies to a key: the one whose {@value #KEY_PREFIX_KEYWORD}
	 * is the longest prefix of the key ending at a segment boundary ({@code plant.tank}
	 * applies to {@code plant.tank.3}, not to {@code plant.tanker.3}).
	 * @param key a dotted key, such as {@code plant.tank.3}
	 * @return the schema, or empty if no declared prefix matches
	 */
	Optional<RegisteredSchema> schemaForKey(String key);

	/**
	 * Register one schema. See {@link #registerAll(Collection)} for the rules.
	 * @param name the name, matching {@value #NAME_PATTERN}
	 * @param schema the schema document
	 * @param source where the schema comes from, such as {@code component:state}
	 * @return the registered schema
	 * @throws SchemaRegistrationException if the name is invalid, the schema is not a
	 * valid schema, or the name is taken by a schema from another source
	 */
	default RegisteredSchema register(String name, JsonNode schema, String source) {
		return registerAll(List.of(new SchemaDefinition(name, schema, source))).get(0);
	}

	/**
	 * Register several schemas at once, all or none: they may refer to each other.
	 * <p>
	 * A name already registered from the same source is replaced (a component registering
	 * its schema again); a name registered from another source, or given twice, fails
	 * naming both sources. A schema fails when its {@code $schema} is not a supported
	 * draft, when it is not valid against its draft's metaschema, when a {@code $ref}
	 * cannot be resolved, when its {@code $id} or {@value #KEY_PREFIX_KEYWORD} is already
	 * declared by another schema.
	 * @param definitions the schemas
	 * @return the registered schemas, in the order given
	 * @throws SchemaRegistrationException naming the schema and its source if one cannot
	 * be registered; then none is
	 */
	List<RegisteredSchema> registerAll(Collection<SchemaDefinition> definitions);

	/**
	 * Validate a JSON document against a registered schema.
	 * @param name the schema name
	 * @param instance the document
	 * @return the result, listing every violation
	 * @throws SchemaNotFoundException if no schema of that name is registered (404)
	 */
	SchemaValidationResult validate(String name, JsonNode instance);

	/**
	 * Validate a JSON document against a registered schema and fail if it does not match.
	 * @param name the schema name
	 * @param instance the document
	 * @return the (valid) result
	 * @throws SchemaNotFoundException if no schema of that name is registered (404)
	 * @throws SchemaValidationException listing every violation if the document does not
	 * match (400, {@code application/problem+json} with a {@code violations} array)
	 */
	default SchemaValidationResult validateOrThrow(String name, JsonNode instance) {
		SchemaValidationResult result = validate(name, instance);
		if (!result.valid()) {
			throw new SchemaValidationException(result);
		}
		return result;
	}

}
