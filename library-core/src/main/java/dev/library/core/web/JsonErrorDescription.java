package dev.library.core.web;

import java.util.List;
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

	private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][\\w$]*)");

	private static final Pattern KNOWN_PROPERTIES = Pattern.compile(",?\\s*not marked as ignorable.*", Pattern.DOTALL);

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
		return QUALIFIED_NAME.matcher(cleaned).replaceAll("$1");
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
