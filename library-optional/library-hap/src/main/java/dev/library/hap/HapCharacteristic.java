package dev.library.hap;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.hapjava.characteristics.EventableCharacteristic;
import io.github.hapjava.characteristics.HomekitCharacteristicChangeCallback;
import javax.json.Json;
import javax.json.JsonArrayBuilder;
import javax.json.JsonNumber;
import javax.json.JsonObject;
import javax.json.JsonObjectBuilder;
import javax.json.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * One HomeKit characteristic whose value is read from a supplier and whose writes go to a
 * {@link Writer}. Unlike hap-java's base characteristics (which log and swallow a failed
 * write), a write's outcome is kept for the request, so that a refused write reaches the
 * controller as a HAP status.
 *
 * @author Library
 */
final class HapCharacteristic implements EventableCharacteristic {

	private static final String UUID_SUFFIX = "-0000-1000-8000-0026BB765291";

	private final String shortType;

	private final Format format;

	private final Supplier<Object> reader;

	private final @Nullable Writer writer;

	private final @Nullable JsonObject metadata;

	private volatile @Nullable HomekitCharacteristicChangeCallback callback;

	private HapCharacteristic(String shortType, Format format, Supplier<Object> reader, @Nullable Writer writer,
			@Nullable JsonObject metadata) {
		this.shortType = shortType;
		this.format = format;
		this.reader = reader;
		this.writer = writer;
		this.metadata = metadata;
	}

	static HapCharacteristic readOnly(String shortType, Format format, Supplier<Object> reader) {
		return new HapCharacteristic(shortType, format, reader, null, null);
	}

	static HapCharacteristic readOnly(String shortType, Format format, Supplier<Object> reader, JsonObject metadata) {
		return new HapCharacteristic(shortType, format, reader, null, metadata);
	}

	static HapCharacteristic writable(String shortType, Format format, Supplier<Object> reader, Writer writer,
			@Nullable JsonObject metadata) {
		return new HapCharacteristic(shortType, format, reader, writer, metadata);
	}

	static JsonObject range(double min, double max, double step, @Nullable String unit) {
		JsonObjectBuilder builder = Json.createObjectBuilder()
			.add("minValue", min)
			.add("maxValue", max)
			.add("minStep", step);
		if (unit != null) {
			builder.add("unit", unit);
		}
		return builder.build();
	}

	static JsonObject validValues(int... values) {
		JsonArrayBuilder array = Json.createArrayBuilder();
		for (int value : values) {
			array.add(value);
		}
		return Json.createObjectBuilder()
			.add("minValue", values[0])
			.add("maxValue", values[values.length - 1])
			.add("valid-values", array)
			.build();
	}

	@Override
	public String getType() {
		return "0".repeat(8 - this.shortType.length()) + this.shortType + UUID_SUFFIX;
	}

	String shortType() {
		return this.shortType;
	}

	@Override
	public CompletableFuture<JsonObject> toJson(int iid) {
		JsonArrayBuilder perms = Json.createArrayBuilder().add("pr");
		if (this.writer != null) {
			perms.add("pw");
		}
		perms.add("ev");
		JsonObjectBuilder builder = Json.createObjectBuilder()
			.add("iid", iid)
			.add("type", this.shortType)
			.add("perms", perms)
			.add("format", this.format.hapName);
		if (this.metadata != null) {
			this.metadata.forEach(builder::add);
		}
		supplyValue(builder);
		return CompletableFuture.completedFuture(builder.build());
	}

	@Override
	public void supplyValue(JsonObjectBuilder builder) {
		Object value = this.reader.get();
		switch (value) {
			case Boolean bool -> builder.add("value", bool);
			case Integer integer -> builder.add("value", integer);
			case Double number -> builder.add("value", number);
			default -> builder.add("value", value.toString());
		}
	}

	@Override
	public void setValue(JsonValue jsonValue) {
		Writer writer = this.writer;
		if (writer == null) {
			ControllerRequest.record(HapStatus.READ_ONLY);
			return;
		}
		Object value;
		try {
			value = this.format.convert(jsonValue);
		}
		catch (RuntimeException ex) {
			ControllerRequest.record(HapStatus.INVALID_VALUE);
			return;
		}
		HapStatus status = writer.write(value);
		ControllerRequest.record(status);
		if (status != HapStatus.SUCCESS) {
			// The controller shows what it asked for until told otherwise
			changed();
		}
	}

	@Override
	public void subscribe(HomekitCharacteristicChangeCallback callback) {
		this.callback = callback;
	}

	@Override
	public void unsubscribe() {
		this.callback = null;
	}

	/**
	 * Tell the subscribed controllers that the value changed.
	 * @return whether a controller was subscribed
	 */
	boolean changed() {
		HomekitCharacteristicChangeCallback callback = this.callback;
		if (callback != null) {
			callback.changed();
			return true;
		}
		return false;
	}

	@Override
	public String toString() {
		return "HapCharacteristic[" + this.shortType + "]";
	}

	/**
	 * Writes a value from HomeKit and tells how it went.
	 */
	@FunctionalInterface
	interface Writer {

		HapStatus write(Object value);

	}

	/**
	 * HAP value formats.
	 */
	enum Format {

		BOOL, UINT8, UINT32, FLOAT, STRING;

		private final String hapName = name().toLowerCase(Locale.ROOT);

		Object convert(JsonValue value) {
			return switch (this) {
				case BOOL -> switch (value.getValueType()) {
					case TRUE -> true;
					case FALSE -> false;
					case NUMBER -> ((JsonNumber) value).intValue() != 0;
					default -> throw new IllegalArgumentException("Not a boolean: " + value);
				};
				case UINT8, UINT32 -> ((JsonNumber) value).intValueExact();
				case FLOAT -> ((JsonNumber) value).doubleValue();
				case STRING -> value.toString();
			};
		}

	}

}
