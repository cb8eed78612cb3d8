package dev.library.schema;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.Specification;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.DialectRegistry;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;

/**
 * {@link SchemaRegistry} backed by networknt's json-schema-validator.
 * <p>
 * Registered schemas are held in an immutable snapshot that registration replaces as a
 * whole, so that validation never locks and never sees a half-registered batch.
 * Registration is serialized. Schemas are compiled once, when registered, with every
 * {@code $ref} resolved then; a {@code $ref} may only name a registered schema (by
 * {@code $id} or {@code urn:library:schema:<name>}) or a part of the same document:
 * nothing is fetched from the network or read from the classpath.
 * <p>
 * Meters: {@code library.schema.registered} (gauge) and
 * {@code library.schema.validations} (counter tagged {@code schema} and {@code outcome} =
 * {@code valid}|{@code invalid}). Only registered names become tag values.
 *
 * @author Library
 */
public class DefaultSchemaRegistry implements SchemaRegistry {

	private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

	private static final int MAX_NAME_LENGTH = 100;

	private static final SpecificationVersion DEFAULT_VERSION = SpecificationVersion.DRAFT_2020_12;

	private static final Pattern QUALIFIED_EXCEPTION = Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*:\\s*");

	private static final DialectRegistry DIALECTS = dialects();

	private final boolean formatAssertions;

	private final MeterRegistry meters;

	private final com.networknt.schema.SchemaRegistry metaschemaLoader = com.networknt.schema.SchemaRegistry
		.withDefaultDialect(DEFAULT_VERSION);

	private final Map<SpecificationVersion, Schema> metaschemas = new ConcurrentHashMap<>();

	private final Object registrationMonitor = new Object();

	private volatile Map<String, Entry> entries = Map.of();

	/**
	 * Create a registry that asserts {@code format} and records no metrics.
	 */
	public DefaultSchemaRegistry() {
		this(true, new CompositeMeterRegistry());
	}

	/**
	 * Create a new instance.
	 * @param formatAssertions whether {@code format} is asserted (an invalid
	 * {@code email} is a violation) rather than only annotated
	 * @param meters where to record metrics
	 */
	public DefaultSchemaRegistry(boolean formatAssertions, MeterRegistry meters) {
		this.formatAssertions = formatAssertions;
		this.meters = meters;
		Gauge.builder("library.schema.registered", this, (registry) -> registry.entries.size())
			.description("Number of registered JSON Schemas")
			.baseUnit("schemas")
			.register(meters);
	}

	@Override
	public List<RegisteredSchema> schemas() {
		return this.entries.values().stream().map(Entry::schema).toList();
	}

	@Override
	public Optional<RegisteredSchema> schema(String name) {
		return Optional.ofNullable(this.entries.get(name)).map(Entry::schema);
	}

	@Override
	public Optional<RegisteredSchema> schemaForKey(String key) {
		return this.entries.values()
			.stream()
			.map(Entry::schema)
			.filter((schema) -> appliesTo(schema.keyPrefix(), key))
			.max(Comparator.comparingInt((schema) -> schema.keyPrefix().length()));
	}

	/**
	 * Whether a key prefix applies to a key: it must end at a segment boundary of the
	 * dotted key, so {@code plant.tank} and {@code plant.tank.} apply to
	 * {@code plant.tank.3} but {@code plant.tank} does not apply to {@code plant.tanker}.
	 */
	private static boolean appliesTo(@Nullable String prefix, String key) {
		return prefix != null && key.startsWith(prefix)
				&& (prefix.endsWith(".") || key.length() == prefix.length() || key.charAt(prefix.length()) == '.');
	}

	@Override
	public List<RegisteredSchema> registerAll(Collection<SchemaDefinition> definitions) {
		Assert.notNull(definitions, "'definitions' must not be null");
		synchronized (this.registrationMonitor) {
			Map<String, Entry> current = this.entries;
			Map<String, SchemaDefinition> batch = new LinkedHashMap<>();
			for (SchemaDefinition definition : definitions) {
				checkName(definition);
				SchemaDefinition twice = batch.putIfAbsent(definition.name(), definition);
				if (twice != null) {
					throw nameTaken(definition, twice.source());
				}
				Entry existing = current.get(definition.name());
				if (existing != null && !existing.schema().source().equals(definition.source())) {
					throw nameTaken(definition, existing.schema().source());
				}
			}
			Map<String, RegisteredSchema> candidates = new TreeMap<>();
			current.forEach((name, entry) -> candidates.put(name, entry.schema()));
			batch.values().forEach((definition) -> candidates.put(definition.name(), describe(definition)));
			checkUnique(candidates, batch, RegisteredSchema::id, "$id");
			checkUnique(candidates, batch, RegisteredSchema::keyPrefix, KEY_PREFIX_KEYWORD);
			boolean replacing = batch.keySet().stream().anyMatch(current::containsKey);
			com.networknt.schema.SchemaRegistry compiler = compiler(candidates.values());
			Map<String, Entry> next = new TreeMap<>();
			for (RegisteredSchema candidate : candidates.values()) {
				Entry existing = current.get(candidate.name());
				if (batch.containsKey(candidate.name())) {
					next.put(candidate.name(), entry(candidate, compile(compiler, candidate, "")));
				}
				else if (replacing) {
					String after = " after " + String.join(", ", batch.keySet()) + " changed";
					next.put(candidate.name(), entry(candidate, compile(compiler, candidate, after)));
				}
				else {
					next.put(candidate.name(), existing);
				}
			}
			this.entries = Collections.unmodifiableMap(next);
			return batch.keySet().stream().map((name) -> next.get(name).schema()).toList();
		}
	}

	@Override
	public SchemaValidationResult validate(String name, JsonNode instance) {
		Entry entry = this.entries.get(name);
		if (entry == null) {
			throw new SchemaNotFoundException(name);
		}
		List<SchemaValidationResult.Violation> violations = entry.compiled()
			.validate(instance)
			.stream()
			.map(DefaultSchemaRegistry::violation)
			.toList();
		(violations.isEmpty() ? entry.valid() : entry.invalid()).increment();
		return new SchemaValidationResult(name, violations);
	}

	private static SchemaValidationResult.Violation violation(Error error) {
		String keyword = (error.getKeyword() != null) ? error.getKeyword() : "";
		return new SchemaValidationResult.Violation(error.getInstanceLocation().toString(), keyword,
				error.getMessage());
	}

	private static void checkName(SchemaDefinition definition) {
		String name = definition.name();
		if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
			throw new SchemaRegistrationException(name, definition.source(),
					"its name must match " + NAME_PATTERN + " and have at most " + MAX_NAME_LENGTH + " characters");
		}
	}

	private static SchemaRegistrationException nameTaken(SchemaDefinition definition, String otherSource) {
		return new SchemaRegistrationException(definition.name(), definition.source(),
				"a schema of that name also comes from " + otherSource);
	}

	private RegisteredSchema describe(SchemaDefinition definition) {
		JsonNode schema = definition.schema();
		if (!schema.isObject() && !schema.isBoolean()) {
			throw invalid(definition, "it must be a JSON object or a boolean, not "
					+ schema.getNodeType().name().toLowerCase(Locale.ROOT));
		}
		SpecificationVersion version = version(definition, schema);
		List<String> problems = metaschema(version).validate(schema)
			.stream()
			.map((error) -> location(error) + ": " + error.getMessage())
			.toList();
		if (!problems.isEmpty()) {
			throw new SchemaRegistrationException(definition.name(), definition.source(),
					"it is not a valid schema (" + version.getDialectId() + ")", problems, null);
		}
		String id = text(definition, schema, (version == SpecificationVersion.DRAFT_4) ? "id" : "$id");
		String keyPrefix = text(definition, schema, KEY_PREFIX_KEYWORD);
		if (keyPrefix != null && keyPrefix.isEmpty()) {
			throw invalid(definition, KEY_PREFIX_KEYWORD + " must not be empty");
		}
		return new RegisteredSchema(definition.name(), definition.source(), version.getDialectId(), id,
				text(definition, schema, "title"), text(definition, schema, "description"), keyPrefix, schema);
	}

	private static SpecificationVersion version(SchemaDefinition definition, JsonNode schema) {
		JsonNode dialect = schema.get("$schema");
		if (dialect == null) {
			return DEFAULT_VERSION;
		}
		if (!dialect.isString()) {
			throw invalid(definition, "$schema must be a string");
		}
		String id = dialect.asString();
		// tolerate the empty fragment where the canonical IRI has none, and the reverse
		String alternative = id.endsWith("#") ? id.substring(0, id.length() - 1) : id + "#";
		return SpecificationVersion.fromDialectId(id)
			.or(() -> SpecificationVersion.fromDialectId(alternative))
			.orElseThrow(() -> invalid(definition,
					"$schema '" + dialect.asString() + "' is not a supported draft; use one of "
							+ String.join(", ",
									Arrays.stream(SpecificationVersion.values())
										.map(SpecificationVersion::getDialectId)
										.toList())));
	}

	private static @Nullable String text(SchemaDefinition definition, JsonNode schema, String keyword) {
		JsonNode value = schema.get(keyword);
		if (value == null) {
			return null;
		}
		if (!value.isString()) {
			throw invalid(definition, keyword + " must be a string");
		}
		return value.asString();
	}

	private Schema metaschema(SpecificationVersion version) {
		return this.metaschemas.computeIfAbsent(version,
				(key) -> this.metaschemaLoader.getSchema(SchemaLocation.of(key.getDialectId())));
	}

	private static String location(Error error) {
		String pointer = error.getInstanceLocation().toString();
		return pointer.isEmpty() ? "(document)" : pointer;
	}

	private static void checkUnique(Map<String, RegisteredSchema> candidates, Map<String, SchemaDefinition> batch,
			Function<RegisteredSchema, @Nullable String> attribute, String keyword) {
		Map<String, RegisteredSchema> owners = new HashMap<>();
		List<RegisteredSchema> ordered = new ArrayList<>(candidates.values());
		// schemas already registered claim their values first, so the new one is blamed
		ordered.sort(Comparator.comparing((schema) -> batch.containsKey(schema.name())));
		for (RegisteredSchema schema : ordered) {
			String value = attribute.apply(schema);
			if (value == null) {
				continue;
			}
			RegisteredSchema owner = owners.putIfAbsent(withoutFragment(value), schema);
			if (owner != null) {
				throw new SchemaRegistrationException(schema.name(), schema.source(), keyword + " '" + value
						+ "' is already declared by schema '" + owner.name() + "' from " + owner.source());
			}
		}
	}

	private com.networknt.schema.SchemaRegistry compiler(Collection<RegisteredSchema> schemas) {
		Map<String, String> documents = new HashMap<>();
		for (RegisteredSchema schema : schemas) {
			String document = compilable(schema).toString();
			documents.put(NAME_IRI_PREFIX + schema.name(), document);
			if (schema.id() != null) {
				documents.put(withoutFragment(schema.id()), document);
			}
		}
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_POINTER)
			.formatAssertionsEnabled(this.formatAssertions)
			.build();
		return com.networknt.schema.SchemaRegistry.builder()
			.defaultDialectId(DEFAULT_VERSION.getDialectId())
			.dialectRegistry(DIALECTS)
			.schemaRegistryConfig(config)
			.schemaLoader((loader) -> loader.block(DefaultSchemaRegistry::isLocalResource))
			.schemas(documents::get)
			.build();
	}

	private static DialectRegistry dialects() {
		// the supported drafts, knowing the registry's own keyword so that it is not
		// reported as unknown
		return new BasicDialectRegistry(Arrays.stream(SpecificationVersion.values())
			.map((version) -> Dialect.builder(Specification.getDialect(version))
				.keyword(new NonValidationKeyword(KEY_PREFIX_KEYWORD))
				.build())
			.toList());
	}

	private static boolean isLocalResource(AbsoluteIri iri) {
		String value = iri.toString().toLowerCase(Locale.ROOT);
		return value.startsWith("classpath:") || value.startsWith("resource:") || value.startsWith("file:")
				|| value.startsWith("jar:");
	}

	private static Schema compile(com.networknt.schema.SchemaRegistry compiler, RegisteredSchema schema,
			String context) {
		try {
			Schema compiled = compiler.getSchema(SchemaLocation.of(NAME_IRI_PREFIX + schema.name()),
					compilable(schema));
			compiled.initializeValidators();
			return compiled;
		}
		catch (RuntimeException ex) {
			throw new SchemaRegistrationException(schema.name(), schema.source(),
					"it cannot be compiled" + context + ": " + describe(ex), ex);
		}
	}

	private static JsonNode compilable(RegisteredSchema schema) {
		JsonNode document = schema.schema();
		if (document instanceof ObjectNode object && object.has("$schema")) {
			object.put("$schema", schema.dialect());
		}
		return document;
	}

	private static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof FileNotFoundException missing) {
				return "$ref '" + missing.getMessage() + "' names no registered schema (by $id or " + NAME_IRI_PREFIX
						+ "<name>)";
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return QUALIFIED_EXCEPTION.matcher(message.lines().findFirst().orElse("")).replaceAll("");
	}

	private static String withoutFragment(String iri) {
		int hash = iri.indexOf('#');
		return (hash >= 0) ? iri.substring(0, hash) : iri;
	}

	private static SchemaRegistrationException invalid(SchemaDefinition definition, String reason) {
		return new SchemaRegistrationException(definition.name(), definition.source(), reason);
	}

	private Entry entry(RegisteredSchema schema, Schema compiled) {
		return new Entry(schema, compiled, counter(schema.name(), "valid"), counter(schema.name(), "invalid"));
	}

	private Counter counter(String schema, String outcome) {
		return Counter.builder("library.schema.validations")
			.description("Validations of JSON documents against registered schemas")
			.baseUnit("validations")
			.tag("schema", schema)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private record Entry(RegisteredSchema schema, Schema compiled, Counter valid, Counter invalid) {

	}

}
