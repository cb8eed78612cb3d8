package dev.library.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SchemaDefinition}.
 *
 * @author Library
 */
class SchemaDefinitionTests {

	@Test
	void parseShouldReadTheSchemaDocument() {
		SchemaDefinition definition = SchemaDefinition.parse("tank", "{\"type\":\"object\"}", "config");
		assertThat(definition.name()).isEqualTo("tank");
		assertThat(definition.source()).isEqualTo("config");
		assertThat(definition.schema().get("type").asString()).isEqualTo("object");
	}

	@Test
	void parseWhenTextIsNotJsonShouldFailNamingSchemaSourceAndPosition() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> SchemaDefinition.parse("tank", "{\n  \"type\": \"object\",\n}", "config:x"))
			.withMessageStartingWith("Schema 'tank' from config:x cannot be registered: it is not valid JSON: ")
			.withMessageContaining("(line 3, column 1)");
	}

	@Test
	void parseWhenAKeyIsDuplicatedShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> SchemaDefinition.parse("tank", "{\"type\":\"object\",\"type\":\"string\"}", "config"))
			.withMessageContaining("Duplicate Object property \"type\"");
	}

	@Test
	void parseWhenTextIsBlankShouldFail() {
		assertThatExceptionOfType(SchemaRegistrationException.class)
			.isThrownBy(() -> SchemaDefinition.parse("tank", "  ", "config"))
			.withMessage("Schema 'tank' from config cannot be registered: it is empty");
	}

}
