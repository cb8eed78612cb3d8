package dev.library.config;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a failure to bind {@code @ConfigurationProperties} into errors an operator can
 * act on: which property, which value (redacted if secret) and what is allowed, without
 * class names or stack traces.
 *
 * @author Library
 */
final class BindFailures {

	private BindFailures() {
	}

	static List<ConfigurationError> describe(BindException ex, ConfigurationMetadataCatalog names) {
		if (ex.getCause() instanceof BindValidationException validation) {
			return validationErrors(validation, names);
		}
		if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
			return unbound.getUnboundProperties()
				.stream()
				.map((property) -> error(names.canonicalName(property.getName()), property.getValue(),
						"is not a known property"))
				.toList();
		}
		ConfigurationProperty property = ex.getProperty();
		ConfigurationPropertyName name = (property != null) ? property.getName() : ex.getName();
		Class<?> type = ex.getTarget().getType().resolve(Object.class);
		String reason;
		if (hasCause(ex, ConversionFailedException.class)) {
			reason = allowedValues(type);
		}
		else {
			// a setter's message may quote the value
			reason = SecretRedactor.isSecret(name.toString()) ? "is not valid" : "is not valid: " + rootMessage(ex);
		}
		return List.of(error(names.canonicalName(name), (property != null) ? property.getValue() : null, reason));
	}

	private static List<ConfigurationError> validationErrors(BindValidationException ex,
			ConfigurationMetadataCatalog names) {
		List<ConfigurationError> errors = new ArrayList<>();
		for (ObjectError error : ex.getValidationErrors()) {
			String message = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is not valid";
			if (error instanceof FieldError field) {
				ConfigurationPropertyName name = ConfigurationPropertyName
					.adapt(error.getObjectName() + "." + DataObjectPropertyName.toDashedForm(field.getField()), '.');
				Object value = ex.getValidationErrors()
					.getBoundProperties()
					.stream()
					.filter((bound) -> bound.getName().equals(name))
					.map(ConfigurationProperty::getValue)
					.findFirst()
					.orElse(field.getRejectedValue());
				errors.add(error(names.canonicalName(name), value, message));
			}
			else {
				errors.add(error(error.getObjectName(), null, message));
			}
		}
		return errors;
	}

	private static ConfigurationError error(String property, @Nullable Object value, String reason) {
		return new ConfigurationError(property,
				SecretRedactor.redact(property, (value != null) ? String.valueOf(value) : null), reason);
	}

	/**
	 * Describe what a property of the given type accepts.
	 */
	static String allowedValues(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (Duration.class.equals(boxed)) {
			return "must be a duration such as 500ms, 10s, 5m or PT10S";
		}
		if (DataSize.class.equals(boxed)) {
			return "must be a data size such as 512KB or 10MB";
		}
		if (Boolean.class.equals(boxed)) {
			return "must be true or false";
		}
		if (Integer.class.equals(boxed) || Long.class.equals(boxed) || Short.class.equals(boxed)
				|| Byte.class.equals(boxed)) {
			return "must be a whole number";
		}
		if (Number.class.isAssignableFrom(boxed)) {
			return "must be a number";
		}
		if (boxed.isEnum()) {
			return "must be one of " + Arrays.stream(boxed.getEnumConstants()).map(String::valueOf).toList();
		}
		if (Path.class.equals(boxed) || File.class.equals(boxed)) {
			return "must be a file path";
		}
		if (URI.class.equals(boxed) || URL.class.equals(boxed)) {
			return "must be a URI";
		}
		return "cannot be converted to " + boxed.getSimpleName();
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : "the value is not valid";
	}

}
