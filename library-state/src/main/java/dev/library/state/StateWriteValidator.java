package dev.library.state;

import java.io.OutputStream;

import dev.library.core.web.InvalidParameterException;
import dev.library.schema.RegisteredSchema;
import dev.library.schema.SchemaRegistry;
import dev.library.schema.SchemaValidationException;
import dev.library.schema.SchemaValidationResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Checks a write before a {@link StateStore} applies it: the key, the source, the size of
 * the value and the schema registered for the key. Every store implementation uses it, so
 * that they refuse the same writes with the same problems.
 *
 * @author Library
 */
public final class StateWriteValidator {

	private static final int MAX_SOURCE_LENGTH = 128;

	private final long maxValueSize;

	private final JsonMapper jsonMapper;

	private final @Nullable SchemaRegistry schemas;

	/**
	 * Create a new instance.
	 * @param maxValueSize the largest value, as JSON
	 * @param jsonMapper measures the size of values
	 * @param schemas validates values against the schema registered for their key, or
	 * {@code null} to validate nothing
	 */
	public StateWriteValidator(DataSize maxValueSize, JsonMapper jsonMapper, @Nullable SchemaRegistry schemas) {
		Assert.notNull(maxValueSize, "'maxValueSize' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.maxValueSize = maxValueSize.toBytes();
		this.jsonMapper = jsonMapper;
		this.schemas = schemas;
	}

	/**
	 * Check a put.
	 * @param key the key
	 * @param value the value
	 * @param source who writes it
	 * @param quality the quality
	 * @return the value to store: a copy of a container, so that the caller cannot change
	 * it afterwards
	 * @throws InvalidStateKeyException if the key is not valid
	 * @throws InvalidParameterException if the source is not valid
	 * @throws StateValueTooLargeException if the value is too large
	 * @throws SchemaValidationException if the value does not match its schema
	 */
	public JsonNode validatePut(String key, JsonNode value, String source, Quality quality) {
		StateKeys.validate(key);
		validateSource(source);
		Assert.notNull(value, "'value' must not be null");
		Assert.notNull(quality, "'quality' must not be null");
		JsonNode stored = value.isContainer() ? value.deepCopy() : value;
		checkSize(key, stored);
		validateSchema(key, stored);
		return stored;
	}

	/**
	 * Check a delete.
	 * @param key the key
	 * @param source who deletes it
	 * @throws InvalidStateKeyException if the key is not valid
	 * @throws InvalidParameterException if the source is not valid
	 */
	public void validateDelete(String key, String source) {
		StateKeys.validate(key);
		validateSource(source);
	}

	private static void validateSource(String source) {
		Assert.notNull(source, "'source' must not be null");
		boolean valid = !source.isEmpty() && source.length() <= MAX_SOURCE_LENGTH;
		for (int i = 0; valid && i < source.length(); i++) {
			char c = source.charAt(i);
			valid = c >= 0x20 && c != 0x7f;
		}
		if (!valid) {
			throw new InvalidParameterException("source",
					"Source must be 1 to " + MAX_SOURCE_LENGTH + " characters without control characters");
		}
	}

	private void checkSize(String key, JsonNode value) {
		if (value.isBoolean() || value.isNull() || value.isInt() || value.isLong() || value.isDouble()) {
			return;
		}
		CountingOutputStream counter = new CountingOutputStream();
		this.jsonMapper.writeValue(counter, value);
		if (counter.count > this.maxValueSize) {
			throw new StateValueTooLargeException(key, this.maxValueSize);
		}
	}

	private void validateSchema(String key, JsonNode value) {
		SchemaRegistry schemas = this.schemas;
		if (schemas == null) {
			return;
		}
		RegisteredSchema schema = schemas.schemaForKey(key).orElse(null);
		if (schema == null) {
			return;
		}
		SchemaValidationResult result = schemas.validate(schema.name(), value);
		if (!result.valid()) {
			int count = result.violations().size();
			throw new SchemaValidationException(result, "Value of key '" + key + "' does not match schema '"
					+ schema.name() + "': " + count + ((count == 1) ? " violation" : " violations"));
		}
	}

	private static final class CountingOutputStream extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
