package dev.library.core.web;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.codec.DecodingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link JsonErrorDescription}.
 *
 * @author Library
 */
class JsonErrorDescriptionTests {

	private static final JsonMapper mapper = JsonMapper.shared();

	@Example
	void wrongTypeNamesTheFieldTheJsonTypeAndThePosition() {
		assertThat(describe("{\"item\": \"bolt\",\n \"count\": \"abc\"}", Order.class)).isEqualTo(
				"Field 'count': Cannot deserialize value of type `integer` from String \"abc\": not a valid `integer` "
						+ "value (line 2, column 11)");
	}

	@Example
	void truncatedArrayNamesThePositionWithoutJacksonSourceDetails() {
		assertThat(describe("[1, 2", int[].class)).contains("Unexpected end-of-input")
			.contains("(line 1, column")
			.doesNotContain("Source")
			.doesNotContain("start marker");
	}

	@Example
	void nestedFieldIsNamedWithItsPath() {
		assertThat(describe("{\"orders\": [{\"count\": 1}, {\"count\": [1]}]}", Shipment.class))
			.startsWith("Field 'orders[1].count': ");
	}

	@Example
	void wrappedJacksonExceptionIsFoundThroughTheCauses() {
		JacksonException json = catchThrowableOfType(JacksonException.class,
				() -> mapper.readValue("{\"count\": \"x\"}", Order.class));
		assertThat(JsonErrorDescription.describe(new IllegalStateException(new DecodingException("decoding", json))))
			.startsWith("Field 'count': ");
	}

	@Example
	void errorWithoutAJacksonCauseGetsAGenericDescription() {
		assertThat(JsonErrorDescription.describe(new DecodingException("dev.library.Secret failed")))
			.isEqualTo("Request body is not valid JSON or does not match the expected structure");
	}

	@Example
	void cleanDropsClassReferencesAndTheListOfKnownProperties() {
		assertThat(JsonErrorDescription.clean("Unrecognized property \"colour\" (class com.example.shop.Order), "
				+ "not marked as ignorable (2 known properties: \"item\", \"count\"])\n at [Source: REDACTED]"))
			.isEqualTo("Unrecognized property \"colour\"");
	}

	@Example
	void cleanDropsJacksonImplementationHints() {
		assertThat(JsonErrorDescription.clean("Cannot map `null` into type `int` "
				+ "(set `DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES` to 'false' to allow)"))
			.isEqualTo("Cannot map `null` into type `integer`");
		assertThat(
				JsonErrorDescription.clean("Cannot deserialize value of type `java.util.ArrayList<com.example.Order>` "
						+ "from Object value (token `JsonToken.START_OBJECT`)"))
			.isEqualTo("Cannot deserialize value of type `array` from Object value");
		assertThat(JsonErrorDescription.clean("Cannot deserialize value of type `java.time.Instant` from String \"x\": "
				+ "Failed to deserialize `java.time.Instant` (with format 'ParseCaseSensitive(false)Instant()'): "
				+ "(java.time.format.DateTimeParseException) Text 'x' could not be parsed at index 0"))
			.isEqualTo("Cannot deserialize value of type `Instant` from String \"x\": Failed to deserialize `Instant`: "
					+ "Text 'x' could not be parsed at index 0");
		assertThat(JsonErrorDescription.clean("Cannot construct instance of `com.example.Order` (although at least "
				+ "one Creator exists): no String-argument constructor/factory method to deserialize from String "
				+ "value ('x')"))
			.isEqualTo("Cannot construct instance of `object` from String value ('x')");
	}

	@Example
	void cleanNamesJavaTypesByTheirJsonType() {
		assertThat(List.of("`int`", "`java.lang.Long`", "`double`", "`java.math.BigDecimal`", "`boolean`",
				"`java.lang.String`", "`com.example.Order[]`", "`java.util.Set<java.lang.String>`",
				"`java.util.LinkedHashMap<java.lang.String,java.lang.Integer>`", "`com.example.Shop$Order`"))
			.map(JsonErrorDescription::clean)
			.containsExactly("`integer`", "`integer`", "`number`", "`number`", "`boolean`", "`string`", "`array`",
					"`array`", "`object`", "`object`");
	}

	@Property
	void applicationClassNamesNeverReachTheClient(@ForAll("qualifiedNames") String className,
			@ForAll("messageTemplates") String template) {
		String simpleName = className.substring(className.lastIndexOf('.') + 1);
		String cleaned = JsonErrorDescription.clean(template.formatted(className));
		assertThat(cleaned).doesNotContain(className)
			.doesNotContain(simpleName)
			.doesNotContain(className.substring(0, className.indexOf('.') + 1));
	}

	@Provide
	Arbitrary<String> qualifiedNames() {
		Arbitrary<String> packageName = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(8);
		Arbitrary<String> className = Arbitraries.strings()
			.withCharRange('a', 'z')
			.ofMinLength(3)
			.ofMaxLength(10)
			.map((name) -> "Q" + name);
		return packageName.list()
			.ofMinSize(1)
			.ofMaxSize(4)
			.filter((packages) -> !packages.get(0).equals("java") && !packages.get(0).equals("javax"))
			.flatMap((packages) -> className.list()
				.ofMinSize(1)
				.ofMaxSize(2)
				.map((classes) -> String.join(".", packages) + "." + String.join("$", classes)));
	}

	@Provide
	Arbitrary<String> messageTemplates() {
		return Arbitraries
			.of("Cannot deserialize value of type `%s` from Array value (token `JsonToken.START_ARRAY`)",
					"Cannot deserialize value of type `java.util.ArrayList<%s>` from Object value",
					"Cannot deserialize value of type `%s[]` from String value",
					"Cannot construct instance of `%s` (although at least one Creator exists): no int/Int-argument "
							+ "constructor/factory method to deserialize from Number value (1)",
					"Unrecognized property \"x\" (class %s), not marked as ignorable (1 known property: \"y\"])",
					"Cannot deserialize value of type `%s` from String \"X\": not one of the values accepted for Enum "
							+ "class: [A, B]",
					"Problem deserializing property 'x' (through reference chain: %s[\"x\"])");
	}

	private static String describe(String json, Class<?> type) {
		return JsonErrorDescription
			.describe(catchThrowableOfType(JacksonException.class, () -> mapper.readValue(json, type)));
	}

	record Order(String item, int count) {

	}

	record Shipment(List<Order> orders) {

	}

}
