package dev.library.core.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Describes why a JSON body could not be read: the field, the position and the reason,
 * with Java type names reduced to their simple names and nothing of the server's
 * internals.
 *
 * @author Library
 */
final class JsonErrorDescription {

	private static final Pattern CLASS_REFERENCE = Pattern.compile("\\s*\\((?:class|through reference chain)[^)]*\\)");

	private static final Pattern QUALIFIED_NAME = Pattern
		.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?:[A-Z][\\w]*\\$)*([A-Z][\\w]*)");

	private static final Pattern KNOWN_PROPERTIES = Pattern.compile(",?\\s*not marked as ignorable.*", Pattern.DOTALL);

	/**
	 * Hints about Jackson itself: the token it read, the feature to switch, the format or
	 * exception behind a value that did not parse.
	 */
	private static final Pattern IMPLEMENTATION_HINT = Pattern
		.compile("\\s*\\(token `[^`]*`\\)" + "|\\s*\\(set `[^`]*` to '[^']*' to allow\\)"
				+ "|\\s*\\(with format '[^']*'\\)" + "|\\s*\\(although at least one Creator exists\\)"
				+ "|\\s*\\(start marker at \\[Source:.*?\\]\\)" + "|\\s*\\([\\w.$]*(?:Exception|Error)\\)");

	private static final Pattern NO_CREATOR = Pattern
		.compile(": no [\\w/-]+-argument constructor/factory method to deserialize from");

	/**
	 * A Java type in backticks, as Jackson quotes it: {@code `int`},
	 * {@code `java.util.ArrayList<com.example.Order>`}, {@code `com.example.Order[]`}.
	 */
	private static final Pattern TYPE_REFERENCE = Pattern.compile("`([\\w$.]+)(<[^`]*>)?((?:\\[\\])*)`");

	private static final Map<String, String> JSON_TYPES = jsonTypes();

	private JsonErrorDescription() {
	}

	static String describe(Throwable ex) {
		JacksonException json = find(ex);
		if (json == null) {
			return "Request body is not valid JSON or does not match the expected structure";
		}
		StringBuilder description = new StringBuilder();
		String field = field(json.getPath());
		if (!field.isEmpty()) {
			description.append("Field '").append(field).append("': ");
		}
		description.append(clean(json.getOriginalMessage()));
		TokenStreamLocation location = json.getLocation();
		if (location != null && location.getLineNr() > 0) {
			description.append(" (line ")
				.append(location.getLineNr())
				.append(", column ")
				.append(location.getColumnNr())
				.append(")");
		}
		return description.toString();
	}

	private static String field(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.toString();
	}

	static String clean(String message) {
		String firstLine = message.lines().findFirst().orElse("");
		String cleaned = CLASS_REFERENCE.matcher(firstLine).replaceAll("");
		cleaned = KNOWN_PROPERTIES.matcher(cleaned).replaceAll("");
		cleaned = IMPLEMENTATION_HINT.matcher(cleaned).replaceAll("");
		cleaned = NO_CREATOR.matcher(cleaned).replaceAll(" from");
		boolean enumeration = cleaned.contains("Enum class");
		cleaned = TYPE_REFERENCE.matcher(cleaned)
			.replaceAll((type) -> Matcher
				.quoteReplacement("`" + jsonType(type.group(1), type.group(3), enumeration) + "`"));
		return QUALIFIED_NAME.matcher(cleaned).replaceAll("$1");
	}

	/**
	 * Name a Java type the way a client knows it: by its JSON type, or by its simple name
	 * for a JDK value type such as {@code Instant} or {@code UUID}; never by the name of
	 * one of the application's classes.
	 */
	private static String jsonType(String name, String arrayDimensions, boolean enumeration) {
		if (!arrayDimensions.isEmpty()) {
			return "array";
		}
		String known = JSON_TYPES.get(name);
		if (known != null) {
			return known;
		}
		if (name.startsWith("java.util.") && name.matches(".*(List|Set|Collection|Queue|Deque)")) {
			return "array";
		}
		if (name.startsWith("java.util.") && name.endsWith("Map")) {
			return "object";
		}
		if (name.startsWith("java.") || name.startsWith("javax.")) {
			return name.substring(name.lastIndexOf('.') + 1);
		}
		return enumeration ? "string" : "object";
	}

	private static Map<String, String> jsonTypes() {
		Map<String, String> types = new HashMap<>();
		for (String type : List.of("int", "long", "short", "byte", "java.lang.Integer", "java.lang.Long",
				"java.lang.Short", "java.lang.Byte", "java.math.BigInteger")) {
			types.put(type, "integer");
		}
		for (String type : List.of("float", "double", "java.lang.Float", "java.lang.Double", "java.lang.Number",
				"java.math.BigDecimal")) {
			types.put(type, "number");
		}
		for (String type : List.of("boolean", "java.lang.Boolean")) {
			types.put(type, "boolean");
		}
		for (String type : List.of("char", "java.lang.Character", "java.lang.String", "java.lang.CharSequence")) {
			types.put(type, "string");
		}
		types.put("java.lang.Object", "object");
		types.put("java.lang.Iterable", "array");
		types.put("null", "null");
		return Map.copyOf(types);
	}

	private static JacksonException find(Throwable ex) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof JacksonException json) {
				return json;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
