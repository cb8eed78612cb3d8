package dev.library.adapters;

import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Converts between a point's raw values (what adapters read and write) and its
 * engineering values (what the state store holds and commands carry): scaling, type
 * checks and limits.
 *
 * @author Library
 */
public final class PointValues {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private PointValues() {
	}

	/**
	 * Return the engineering value of a raw value.
	 * @param point the point
	 * @param raw the raw value from the adapter
	 * @return the engineering value as JSON
	 * @throws IllegalArgumentException if the raw value is not of the point's type
	 */
	public static JsonNode toEngineering(PointConfig point, Object raw) {
		return switch (point.dataType()) {
			case BOOLEAN -> nodes.booleanNode(asBoolean(point, raw));
			case STRING -> nodes.stringNode(raw.toString());
			case INTEGER ->
				(point.scale() == 1.0 && point.offset() == 0.0) ? nodes.numberNode(asNumber(point, raw).longValue())
						: nodes.numberNode(asNumber(point, raw).doubleValue() * point.scale() + point.offset());
			case FLOAT -> nodes.numberNode(asNumber(point, raw).doubleValue() * point.scale() + point.offset());
		};
	}

	/**
	 * Check an engineering value against the point's type and limits and return its raw
	 * value.
	 * @param point the point
	 * @param value the engineering value
	 * @return the raw value for the adapter
	 * @throws InvalidPointValueException if the value has the wrong type or is out of
	 * limits
	 */
	public static Object toRaw(PointConfig point, JsonNode value) {
		return switch (point.dataType()) {
			case BOOLEAN -> {
				if (!value.isBoolean()) {
					throw invalid(point, "must be true or false", value);
				}
				yield value.booleanValue();
			}
			case STRING -> {
				if (!value.isString()) {
					throw invalid(point, "must be a string", value);
				}
				yield value.stringValue();
			}
			case INTEGER, FLOAT -> {
				if (!value.isNumber()) {
					throw invalid(point, "must be a number", value);
				}
				double engineering = value.doubleValue();
				if (point.dataType() == DataType.INTEGER && point.scale() == 1.0 && point.offset() == 0.0
						&& engineering != Math.rint(engineering)) {
					throw invalid(point, "must be a whole number", value);
				}
				checkLimits(point, engineering, value);
				double raw = (engineering - point.offset()) / point.scale();
				yield (point.dataType() == DataType.INTEGER) ? (Object) Math.round(raw) : (Object) raw;
			}
		};
	}

	/**
	 * Return the raw value of an output's safe state.
	 * @param point the output
	 * @return the raw safe value
	 */
	public static Object safeRaw(PointConfig point) {
		return toRaw(point, safeEngineering(point));
	}

	/**
	 * Return the engineering value of an output's safe state.
	 * @param point the output
	 * @return the safe value as JSON
	 */
	public static JsonNode safeEngineering(PointConfig point) {
		return toJson(point.dataType(), point.safeValue());
	}

	/**
	 * Return whether two raw values are the same, allowing for floating-point rounding.
	 * @param point the point
	 * @param expected the value written
	 * @param actual the value read back
	 * @return whether they match
	 */
	public static boolean sameRaw(PointConfig point, Object expected, Object actual) {
		if (point.dataType().isNumeric() && expected instanceof Number e && actual instanceof Number a) {
			double difference = Math.abs(e.doubleValue() - a.doubleValue());
			return difference <= 1e-9 * Math.max(1.0, Math.abs(e.doubleValue()));
		}
		return expected.equals(actual);
	}

	static JsonNode toJson(DataType type, Object value) {
		return switch (type) {
			case BOOLEAN -> nodes.booleanNode((Boolean) value);
			case STRING -> nodes.stringNode(value.toString());
			case INTEGER -> nodes.numberNode(((Number) value).longValue());
			case FLOAT -> nodes.numberNode(((Number) value).doubleValue());
		};
	}

	private static void checkLimits(PointConfig point, double engineering, JsonNode value) {
		if (point.minimum() != null && engineering < point.minimum()) {
			throw invalid(point, "must be at least " + format(point.minimum()) + unit(point), value);
		}
		if (point.maximum() != null && engineering > point.maximum()) {
			throw invalid(point, "must be at most " + format(point.maximum()) + unit(point), value);
		}
	}

	private static boolean asBoolean(PointConfig point, Object raw) {
		if (raw instanceof Boolean bool) {
			return bool;
		}
		throw new IllegalArgumentException("Point " + point.id() + " expects a Boolean, got " + raw.getClass());
	}

	private static Number asNumber(PointConfig point, Object raw) {
		if (raw instanceof Number number) {
			return number;
		}
		throw new IllegalArgumentException("Point " + point.id() + " expects a number, got " + raw.getClass());
	}

	private static String unit(PointConfig point) {
		return point.unit().isEmpty() ? "" : " " + point.unit();
	}

	private static String format(double number) {
		return (number == Math.rint(number)) ? Long.toString((long) number) : Double.toString(number);
	}

	private static InvalidPointValueException invalid(PointConfig point, String rule, JsonNode value) {
		String shown = value.toString();
		shown = (shown.length() <= 40) ? shown : shown.substring(0, 40) + "...";
		return new InvalidPointValueException(point.id(),
				"Value of point '" + point.id() + "' (" + point.dataType() + ") " + rule + ", got " + shown);
	}

}
