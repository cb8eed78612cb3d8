package dev.library.schema;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SchemaRegistrationFailureAnalyzer}.
 *
 * @author Library
 */
class SchemaRegistrationFailureAnalyzerTests {

	@Test
	void analyzeShouldNameTheSchemaItsSourceAndWhatIsWrong() {
		SchemaRegistrationException cause = new SchemaRegistrationException("pump", "file:/etc/pump.schema.json",
				"it is not valid JSON: Unexpected end-of-input (line 3, column 1)");
		FailureAnalysis analysis = new SchemaRegistrationFailureAnalyzer()
			.analyze(new BeanCreationException("schemaRegistry", "Failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("Schema 'pump' from file:/etc/pump.schema.json cannot be "
				+ "registered: it is not valid JSON: Unexpected end-of-input (line 3, column 1)");
		assertThat(analysis.getAction()).startsWith("Fix or remove the schema 'pump' in file:/etc/pump.schema.json.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
